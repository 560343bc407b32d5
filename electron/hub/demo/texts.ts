/**
 * Citizens' texts for the demo: the problem of the category in the citizen's own words, an opening
 * and a closing in the style of the channel, and — in a realistic share — personal data that the
 * wall must mask: a phone, an e-mail, a full name with patronymic, an address with house and flat,
 * occasionally a SNILS.
 */
import type { CategorySpec } from './catalog.js';
import { chance, pick, randInt, type Rng } from './rng.js';

const OPEN_FORMAL = ['Здравствуйте!', 'Добрый день.', 'Прошу принять меры!', 'Обращаюсь повторно.', 'Прошу разобраться.', 'Уважаемая администрация!', '', '', ''];
const CLOSE_FORMAL = ['Прошу принять меры.', 'Прошу дать ответ по существу.', 'Жду ответа.', 'Сколько можно ждать?', 'Прошу взять на контроль.', '', ''];
const OPEN_SOCIAL = ['Сколько можно терпеть?!', 'Администрация, ответьте!', 'Люди, у кого ещё так?', 'Опять!', 'Доколе?', 'Кто-нибудь вообще за это отвечает?', '', '', ''];
const CLOSE_SOCIAL = ['Позор!', 'Куда смотрит администрация?', 'Глава, вы это видите?', '#безответа', 'Репост, пусть увидят!', '', '', ''];

const FEMALE_FIRST = ['Мария', 'Елена', 'Ольга', 'Наталья', 'Татьяна', 'Светлана', 'Ирина', 'Анна', 'Людмила', 'Галина', 'Екатерина', 'Юлия'];
const MALE_FIRST = ['Александр', 'Сергей', 'Андрей', 'Дмитрий', 'Алексей', 'Владимир', 'Николай', 'Игорь', 'Михаил', 'Евгений', 'Виктор', 'Павел'];
const PATRONYMIC_ROOTS = ['Петров', 'Иванов', 'Сергеев', 'Александров', 'Викторов', 'Николаев', 'Владимиров', 'Михайлов', 'Юрьев', 'Андреев'];
/** Surname stems; the female form adds «а». */
const SURNAMES = ['Иванов', 'Петров', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров', 'Морозов', 'Волков', 'Алексеев', 'Лебедев', 'Семёнов', 'Егоров', 'Павлов', 'Козлов', 'Степанов', 'Николаев', 'Орлов', 'Андреев', 'Макаров', 'Никитин', 'Захаров'];
const MAIL_DOMAINS = ['mail.ru', 'yandex.ru', 'gmail.com', 'bk.ru', 'list.ru', 'inbox.ru'];

/** Mobile codes common in each region (for realistic-looking numbers). */
const MOBILE_CODES: Readonly<Record<string, readonly string[]>> = {
  kamchatka: ['914', '924', '961', '909'],
  perm: ['902', '912', '950', '919', '982'],
  murmansk: ['911', '921', '960', '953'],
  buryatia: ['902', '914', '924', '950', '983'],
  volgograd: ['904', '917', '961', '937', '988'],
};

const TRANSLIT: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm',
  н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'sch',
  ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};
const translit = (s: string) => [...s.toLowerCase()].map((c) => TRANSLIT[c] ?? c).join('');

const d2 = (n: number) => String(n).padStart(2, '0');

export interface Person {
  surname: string;
  first: string;
  patronymic: string;
  female: boolean;
}

export function randomPerson(rng: Rng): Person {
  const female = chance(rng, 0.62); // women write to the authorities more often
  const stem = pick(rng, SURNAMES);
  const root = pick(rng, PATRONYMIC_ROOTS);
  return {
    female,
    surname: female ? `${stem}а` : stem,
    first: pick(rng, female ? FEMALE_FIRST : MALE_FIRST),
    patronymic: female ? `${root.replace(/ов$/, 'овна').replace(/ев$/, 'евна')}` : `${root.replace(/ов$/, 'ович').replace(/ев$/, 'евич')}`,
  };
}

export function phoneNumber(rng: Rng, region: string): string {
  const code = pick(rng, MOBILE_CODES[region] ?? ['900']);
  const a = randInt(rng, 100, 999);
  const b = randInt(rng, 0, 99);
  const c = randInt(rng, 0, 99);
  switch (randInt(rng, 0, 3)) {
    case 0:
      return `8-${code}-${a}-${d2(b)}-${d2(c)}`;
    case 1:
      return `+7 (${code}) ${a}-${d2(b)}-${d2(c)}`;
    case 2:
      return `8${code}${a}${d2(b)}${d2(c)}`;
    default:
      return `+7${code}${a}${d2(b)}${d2(c)}`;
  }
}

export function emailOf(rng: Rng, p: Person): string {
  const base = chance(rng, 0.5) ? `${translit(p.surname)}.${translit(p.first[0]!)}` : `${translit(p.first)}${randInt(rng, 70, 99)}`;
  return `${base}${chance(rng, 0.4) ? randInt(rng, 1, 999) : ''}@${pick(rng, MAIL_DOMAINS)}`;
}

/** A SNILS with a valid check number (format «123-456-789 01»). */
export function snils(rng: Rng): string {
  const digits: number[] = [];
  for (let i = 0; i < 9; i++) digits.push(randInt(rng, 0, 9));
  if (digits[0] === 0) digits[0] = 1;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += digits[i]! * (9 - i);
  let check = sum < 100 ? sum : sum === 100 || sum === 101 ? 0 : sum % 101;
  if (check === 100) check = 0;
  const s = digits.join('');
  return `${s.slice(0, 3)}-${s.slice(3, 6)}-${s.slice(6, 9)} ${d2(check)}`;
}

/** «2 дня», «5 дней». */
export function daysPhrase(n: number): string {
  const m10 = n % 10;
  const m100 = n % 100;
  const w = m10 === 1 && m100 !== 11 ? 'день' : m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14) ? 'дня' : 'дней';
  return `${n} ${w}`;
}

export const fullName = (p: Person) => `${p.surname} ${p.first} ${p.patronymic}`;

export interface Place {
  street: string;
  house: number;
}

export type PiiKind = 'none' | 'phone' | 'email' | 'name' | 'name_phone' | 'address' | 'full' | 'snils';

/** Share of texts that carry personal data, by channel (forms invite it; social posts less so). */
const PII_SHARE: Readonly<Record<string, number>> = { pos: 0.38, portal: 0.4, hotline: 0.55, vk: 0.14, ok: 0.22, tg: 0.08 };

export function composeText(
  rng: Rng,
  cat: CategorySpec,
  channel: string,
  region: string,
  place: Place,
  social: boolean,
  phrase?: string,
): { text: string; pii: PiiKind } {
  const addr = `${place.street}, д. ${place.house}`;
  let body = phrase ?? pick(rng, cat.phrases);
  if (body.includes('{addr}')) body = body.replaceAll('{addr}', addr);
  if (body.includes('{street}')) body = body.replaceAll('{street}', place.street);
  if (body.includes('{ndays}')) body = body.replace('{ndays}', daysPhrase(randInt(rng, 2, 7)));
  if (body.includes('{days}')) body = body.replace('{days}', String(randInt(rng, 2, 6)));
  const sentence = body.charAt(0).toUpperCase() + body.slice(1) + (/[.!?]$/.test(body) ? '' : chance(rng, 0.3) ? '!' : '.');
  let text: string;
  if (channel === 'hotline') {
    text = `Заявитель сообщает: ${body}.`;
  } else {
    const open = pick(rng, social ? OPEN_SOCIAL : OPEN_FORMAL);
    const close = pick(rng, social ? CLOSE_SOCIAL : CLOSE_FORMAL);
    text = open ? `${open} ${sentence}` : sentence;
    if (close) text = `${text} ${close}`;
  }
  let pii: PiiKind = 'none';
  if (chance(rng, PII_SHARE[channel] ?? 0.2)) {
    const p = randomPerson(rng);
    const flat = randInt(rng, 1, 180);
    const r = rng();
    const snilsShare = cat.block === 'social' || cat.block === 'health' ? 0.25 : 0.02;
    if (r < snilsShare) {
      pii = 'snils';
      text += ` ${fullName(p)}, СНИЛС ${snils(rng)}.`;
    } else if (r < 0.3) {
      pii = 'name_phone';
      text += ` ${fullName(p)}, тел. ${phoneNumber(rng, region)}`;
    } else if (r < 0.45) {
      pii = 'phone';
      text += ` Телефон для связи: ${phoneNumber(rng, region)}`;
    } else if (r < 0.58) {
      pii = 'email';
      text += ` Ответ прошу направить на ${emailOf(rng, p)}`;
    } else if (r < 0.72) {
      pii = 'address';
      text += ` Я живу по адресу ${place.street}, д. ${place.house}, кв. ${flat}.`;
    } else if (r < 0.85) {
      pii = 'name';
      text += ` С уважением, ${fullName(p)}.`;
    } else {
      pii = 'full';
      text += ` ${fullName(p)}, ${place.street}, д. ${place.house}, кв. ${flat}, тел. ${phoneNumber(rng, region)}`;
    }
  }
  return { text, pii };
}
