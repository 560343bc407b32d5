/**
 * shared/mask/names.ts through maskPersonalData, word by word: each word that the masking keeps
 * visible beside a name (a common word that merely ends like a surname, a street or an
 * institution named after a person, a title, a form's «не указано»), each label that announces a
 * name, and the spacing and punctuation around a name — one citizen's sentence and its exact wall
 * text each. The words are written out here, never taken from the code under test.
 */
import { describe, expect, it } from 'vitest';
import { maskPersonalData } from '../../../../shared/mask.js';

const wall = (text: string) => maskPersonalData(text);

describe('lower case: a first name beside a common word that ends like a surname stays visible', () => {
  // Each word ends like a surname (-ов/-ин/-ых …) but is an ordinary word: in a chat without
  // capitals it must not turn the first name beside it into a full name.
  it.each([
    ['ольга снова звонила'],
    ['марина снов не помнит'],
    ['анна слова не сдержала'],
    ['ирина основа нашей семьи'],
    ['у соседа марина голова болит'],
    ['у ольга корова пропала'],
    ['иван дрова привёз'],
    ['анна готова ждать до вечера'],
    ['главное что ольга здорова'],
    ['у нас анна сова, спит до обеда'],
    ['ирина новых жалоб не писала'],
    ['иван толстых тетрадей купил'],
    ['ольга такова жизнь'],
    ['марина какова причина отказа'],
    ['ирина самых добрых слов заслуживает'],
    ['анна магазин закрыт'],
    ['у нас иван бензин сливает'],
    ['ольга керосин принесла'],
    ['пришёл иван карантин закончился'],
    ['анна витамин купила'],
    ['иван камин затопил'],
    ['у марина жасмин зацвёл'],
    ['ольга мандарин купила'],
    ['иван маргарин вместо масла привёз'],
    ['иван один раз звонил'],
    ['у анна половина дома без света'],
    ['ирина причина в трубах'],
    ['иван машина сломалась'],
    ['ольга женщина пожилая'],
    ['марина глубина ямы полметра'],
    ['иван вершина горы'],
    ['анна тишина ночью нужна'],
    ['ольга картина маслом'],
    ['анна должных мер не видит'],
    ['иван нужных документов не принёс'],
    ['ольга видных мест не нашла'],
    ['анна ясных ответов не получила'],
    ['иван своих детей привёл'],
    ['купила ольга лук и морковь'],
  ])('%s', (text) => {
    expect(wall(text)).toBe(text);
  });

  it.each([
    // The same sentences with a surname instead of the common word are masked.
    ['ольга петрова звонила', '[ФИО] звонила'],
    ['иван сидоров привёз', '[ФИО] привёз'],
    ['иван  петров', '[ФИО]'],
  ])('a surname beside a first name is masked: %s', (text, shown) => {
    expect(wall(text)).toBe(shown);
  });

  it('a first name in lower case with a word shaped like a patronymic that is none stays', () => {
    expect(wall('соседка считает, что ольга виновна')).toBe('соседка считает, что ольга виновна');
  });

  it('a surname before the first name and patronymic early in a longer chat message is masked with them', () => {
    expect(wall('петров пётр петрович просит перезвонить ему вечером')).toBe('[ФИО] просит перезвонить ему вечером');
  });

  it('a common word that is also a first name («любовь») stays beside a word ending like a surname', () => {
    expect(wall('спасибо за материнскую любовь')).toBe('спасибо за материнскую любовь');
    expect(wall('в графе фамилия анна написала девичью')).toBe('в графе фамилия анна написала девичью');
  });
});

describe('lower case: a common word beside a first name and patronymic is no surname', () => {
  it.each([
    ['звонила анна петровна голова болит', 'звонила [ФИО] голова болит'],
    ['готова анна петровна ждать', 'готова [ФИО] ждать'],
    ['разговаривал с мужчиною иваном петровичем', 'разговаривал с мужчиною [ФИО]'],
    ['звонила анна петровна снова', 'звонила [ФИО] снова'],
    // a surname in lower case is still taken, before or after
    ['звонила иванова анна петровна', 'звонила [ФИО]'],
    ['звонила анна петровна иванова, ждёт', 'звонила [ФИО], ждёт'],
  ])('%s', (text, shown) => {
    expect(wall(text)).toBe(shown);
  });
});

describe('a street, a square or an institution named after a person stays visible', () => {
  it.each([
    ['на улице Юрия Гагарина яма'],
    ['на углу улиц Юрия Гагарина и Мира'],
    ['по улицам Юрия Гагарина'],
    ['пр-т. Юрия Гагарина'],
    ['просп. Юрия Гагарина'],
    ['пр. Юрия Гагарина'],
    ['на проспекте Юрия Гагарина'],
    ['пер. Юрия Гагарина'],
    ['в переулке Юрия Гагарина'],
    ['пл. Юрия Гагарина'],
    ['на площади Юрия Гагарина'],
    ['б-р. Юрия Гагарина'],
    ['на бульваре Юрия Гагарина'],
    ['наб. Юрия Гагарина'],
    ['на набережной Юрия Гагарина'],
    ['мкр. Юрия Гагарина'],
    ['в микрорайоне Юрия Гагарина'],
    ['проезд Юрия Гагарина'],
    ['проездом Юрия Гагарина'],
    ['в сквере Юрия Гагарина'],
    ['у памятника Юрию Гагарину'],
    ['в музее Юрия Гагарина'],
    ['школа имени Юрия Гагарина'],
    ['школа им. Юрия Гагарина'],
    ['вечер памяти Юрия Гагарина'],
    ['пр-кт. Юрия Гагарина'],
    ['пр-т Юрия Гагарина'],
    ['проспект Юрия Гагарина'],
    ['рядом с площадью Юрия Гагарина'],
    ['бульвар Юрия Гагарина'],
    ['микрорайон Юрия Гагарина'],
    ['перед музеем Юрия Гагарина'],
    ['д.5.ул.Петра Ильича'],
    // A glued address longer than the 24 characters read before a name: the street word is the last.
    ['г.Петропавловск-Камчатский.ул.Петра Ильича'],
    ['сквер\u00A0Ивана Петровича'],
    ['сквер\tИвана Петровича'],
    // a street word glued after a town and its dot: read from each dot on
    ['г.Елизово.ул. Петра Ильича'],
    ['п.Раздольный.пр. Юрия Гагарина'],
    // the whole run of spaces is read, however long
    ['сквер    Ивана Петровича'],
    ['ул.          Петра Ильича'],
  ])('%s', (text) => {
    expect(wall(text)).toBe(text);
  });

  it.each([
    // The same name without the street word, or after a word that only ends like one, is masked.
    ['звонил Юрий Гагарин', 'звонил [ФИО]'],
    ['Юрия Гагарина', '[ФИО]'],
    ['Пр. Юрия Гагарина', 'Пр. Юрия Гагарина'],
    ['супер. Юрия Гагарина', 'супер. [ФИО]'],
    ['был на именинах Ивана Петровича', 'был на именинах [ФИО]'],
    // a word that only ends like «им.» is none: a name in another case after it is a person
    ['поговорили с ним. Ивана Петровича дома не было', 'поговорили с ним. [ФИО] дома не было'],
    ['поговорили с.ним. Ивана Петровича дома не было', 'поговорили с.ним. [ФИО] дома не было'],
    ['Это Петров. Ивана Петровича не было', 'Это Петров. [ФИО] не было'],
    // «им.» ending a sentence is the pronoun, not «имени».
    ['Мы позвонили им. Иван Петрович не ответил', 'Мы позвонили им. [ФИО] не ответил'],
    ['МЫ ПОЗВОНИЛИ ИМ. ИВАН ПЕТРОВИЧ', 'МЫ ПОЗВОНИЛИ ИМ. [ФИО]'],
    ['Его звали по имени Иван Петрович', 'Его звали по имени [ФИО]'],
  ])('%s', (text, shown) => {
    expect(wall(text)).toBe(shown);
  });
});

describe('the words before a first name and patronymic', () => {
  it.each([
    // A title mid-sentence stays; a word that is a surname mid-sentence is masked.
    ['Пишу Губернатору Ивану Петровичу', 'Пишу Губернатору [ФИО]'],
    ['звонил Ткач Иван Иванович', 'звонил [ФИО]'],
    ['и Ткач Иван Иванович', 'и [ФИО]'],
    ['Зуев Иван Петрович звонил', '[ФИО] звонил'],
    ['Обратилась в МФЦ Анна Петровна', 'Обратилась в МФЦ [ФИО]'],
    // A sentence begins after a no-break space or at the start of the text after spaces.
    ['Звонили.\u00A0Утром Анна Петровна', 'Звонили.\u00A0Утром [ФИО]'],
    [' Утром Анна Петровна звонила', ' Утром [ФИО] звонила'],
    // A surname glued to the name by a no-break space or a tab is the surname.
    ['звонил Ткач\u00A0Иван Иванович', 'звонил [ФИО]'],
    ['звонил Ткач\tИван Иванович', 'звонил [ФИО]'],
    // A form padded with spaces or tabs: the surname is read across the whole run.
    ['ФИО: Иванов    Иван Иванович, дом 5', 'ФИО: [ФИО], дом 5'],
    ['Заявитель:\tПетров\t\t\t\tИван Сергеевич', 'Заявитель:\t[ФИО]'],
    [`Сидорова${' '.repeat(40)}Анна Петровна`, '[ФИО]'],
    // A bulleted list: «-» opens the line, the surname after it is part of the name.
    ['Жильцы:\n-Петрова Анна Сергеевна\n-Сидоров Иван Петрович', 'Жильцы:\n-[ФИО]\n-[ФИО]'],
    // A title before a patronymic used alone (a nickname) names nobody.
    ['Мастер Петрович обещал прийти', 'Мастер Петрович обещал прийти'],
    // A patronymic with a first name the lists do not know is still a name.
    ['Звонил Алдар Цыренович', 'Звонил [ФИО]'],
    ['Звонил Алдар Ильич', 'Звонил [ФИО]'],
  ])('%s', (text, shown) => {
    expect(wall(text)).toBe(shown);
  });

  it('a double surname of the longest shape read (31 + 31 letters and the dash) is masked with the name', () => {
    const longest = `Б${'а'.repeat(30)}-В${'а'.repeat(30)}`;
    expect(longest).toHaveLength(63);
    expect(wall(`Звонила ${longest} Анна Петровна`)).toBe('Звонила [ФИО]');
    expect(wall(`Звонила ${longest.slice(1)} Анна Петровна`.replace('Звонила а', 'Звонила А'))).toBe('Звонила [ФИО]');
  });

  it('a word after the name that holds a common stem only inside it is the surname («Новосыч», not «сыч»)', () => {
    expect(wall('Звонил Иван Петрович Новосыч')).toBe('Звонил [ФИО]');
    expect(wall('Звонила Анна Петровна Подкирпичная вчера')).toBe('Звонила [ФИО] вчера');
    // the stem at the word's start is the common word: «Ежедневно» stays
    expect(wall('Звонил Иван Петрович Ежедневно')).toBe('Звонил [ФИО] Ежедневно');
  });

  it('a title with initials stays; a surname with initials is masked', () => {
    expect(wall('Прошу Губернатора В.В. принять меры')).toBe('Прошу Губернатора В.В. принять меры');
    expect(wall('Прошу Петрова В.В. принять меры')).toBe('Прошу [ФИО] принять меры');
  });

  it('a surname written capitalised beside a first name that is also a word is masked', () => {
    expect(wall('Звонила Иванова Вера')).toBe('Звонила [ФИО]');
  });
});

describe('a form, field by field', () => {
  it.each([
    // Фамилия, Имя, Отчество take one word; ФИО up to three; the words after them stay.
    ['Фамилия: Цыдыпова просит перезвонить', 'Фамилия: [ФИО] просит перезвонить'],
    ['Имя: Долгор просит перезвонить', 'Имя: [ФИО] просит перезвонить'],
    ['Отчество: Баировна просит перезвонить', 'Отчество: [ФИО] просит перезвонить'],
    ['ФИО: Цыдыпова Долгор, просит перезвонить', 'ФИО: [ФИО], просит перезвонить'],
    ['ФИО: цыдыпова долгор, просит перезвонить', 'ФИО: [ФИО], просит перезвонить'],
    ['ФИО: Цыдыпова  Долгор', 'ФИО: [ФИО]'],
    ['ФИО: Цыдыпова-Доржиева Долгор', 'ФИО: [ФИО]'],
    ['ФИО Цыдыпова Долгор', 'ФИО [ФИО]'],
    ['ФИО заявителя: цыдыпова долгор', 'ФИО заявителя: [ФИО]'],
    ['ф.и.о.: цыдыпова долгор', 'ф.и.о.: [ФИО]'],
    ['Фамилия: Цыдыпова', 'Фамилия: [ФИО]'],
    ['Отчество: Оглы', 'Отчество: [ФИО]'],
    ['Меня зовут Долгор', 'Меня зовут [ФИО]'],
    // A label right after another one: the value belongs to the second.
    ['Фамилия Имя: Долгор', 'Фамилия Имя: [ФИО]'],
  ])('%s', (text, shown) => {
    expect(wall(text)).toBe(shown);
  });

  it.each([
    ['ФИО: скрыто'],
    ['ФИО: скрытые данные'],
    ['ФИО: указанное в паспорте'],
    ['ФИО: прилагается'],
    ['ФИО: отсутствует'],
    ['ФИО: уточняется'],
  ])('a form that gives no name stays: %s', (text) => {
    expect(wall(text)).toBe(text);
  });
});

describe('a word that only starts like a place, and a list of names', () => {
  it.each([
    // «Скверно» is no «сквер»: the name after it is a person
    ['Скверно Юрий Гагарин поступил с нами', 'Скверно [ФИО] поступил с нами'],
    // each form of «сквер» still names a square after a person
    ['в сквере Юрия Гагарина грязно', 'в сквере Юрия Гагарина грязно'],
    ['у сквера Юрия Гагарина темно', 'у сквера Юрия Гагарина темно'],
    // names as list items after a dash bullet
    ['Были на приёме:\n-Петров Иван\n-Сидорова Анна', 'Были на приёме:\n-[ФИО]\n-[ФИО]'],
    // the second half of a double word is no start of a pair
    ['ул. Мамина-Сибиряка Ивана не чистят', 'ул. Мамина-Сибиряка Ивана не чистят'],
  ])('%s', (text, shown) => {
    expect(maskPersonalData(text)).toBe(shown);
  });
});
