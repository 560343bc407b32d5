/**
 * Common Russian first names (and a few of the regions' own: Buryat Баир, Булат, Жаргал…), with
 * their case forms built by rule, for the name detector. A set lookup: O(1) per word.
 */
const MALE =
  'александр алексей анатолий андрей антон аркадий арсений артём артем артур борис вадим валентин валерий ' +
  'василий виктор виталий владимир владислав вячеслав геннадий георгий глеб григорий даниил данил денис ' +
  'дмитрий евгений егор иван игорь илья кирилл константин леонид максим марат матвей михаил назар никита ' +
  'николай олег роман руслан рустам рашид семён семен сергей станислав степан тимофей тимур филипп эдуард ' +
  'юрий ярослав богдан всеволод захар мирон савелий вениамин герман эльдар айдар баир булат жаргал ' +
  'альберт алик анвар ахмед ильдар ринат ренат фёдор федор кузьма фома лука савва яков эрдэм ' +
  'аюр бато цырен ян';
const FEMALE =
  'александра алёна алена алина алла анастасия ангелина анна антонина валентина валерия варвара вера ' +
  'вероника виктория галина дарья диана ева евгения екатерина елена елизавета жанна зинаида зоя инна ' +
  'ирина карина кира кристина ксения лариса лидия людмила маргарита марина мария надежда наталья ' +
  'наталия нина оксана олеся ольга полина раиса светлана снежана софья софия таисия тамара татьяна ' +
  'ульяна эльвира юлия яна арина милана василиса эвелина регина эльмира гульнара альбина дина ' +
  'туяна сэсэг дарима любовь майя мира роза';
/** Irregular forms: fleeting vowels and the like. */
const IRREGULAR = 'пётр петр петра петру петром петре павел павла павлу павлом павле лев льва льву львом любови';
/**
 * Names that are also words (or forms of one): accepted only when capitalised. «Ян» is not among
 * them: «ян» (of «инь и ян») never stands beside a surname, and its forms «яна», «яну», «яне» are
 * kept by «яна»; so «с яном петровым» is a name.
 */
const WORDS_TOO = new Set(['роман', 'вера', 'надежда', 'любовь', 'лев', 'майя', 'ева', 'кира', 'мира', 'лука', 'фома', 'яна', 'дина', 'булат', 'глеб', 'марат', 'роза', 'любови']);

function forms(name: string): string[] {
  const out = [name];
  const stem = name.slice(0, -1);
  const last = name.slice(-1);
  if (name.endsWith('ия')) {
    const s = name.slice(0, -2);
    out.push(`${s}ии`, `${s}ию`, `${s}ией`);
  } else if (last === 'а') out.push(`${stem}ы`, `${stem}и`, `${stem}е`, `${stem}у`, `${stem}ой`, `${stem}ою`);
  else if (last === 'я') out.push(`${stem}и`, `${stem}е`, `${stem}ю`, `${stem}ей`, `${stem}ею`);
  else if (last === 'й' || last === 'ь') out.push(`${stem}я`, `${stem}ю`, `${stem}ем`, `${stem}е`);
  // a hard consonant (none of the names ends in ж, ш, ч, щ or ц, which would take -ем)
  else out.push(`${name}а`, `${name}у`, `${name}ом`, `${name}е`);
  return out;
}

const ALL = new Set<string>();
for (const n of `${MALE} ${FEMALE}`.split(/\s+/u)) if (n) for (const f of forms(n)) ALL.add(f);
for (const n of IRREGULAR.split(/\s+/u)) ALL.add(n);
const AMBIGUOUS = new Set<string>();
for (const n of WORDS_TOO) for (const f of forms(n)) AMBIGUOUS.add(f);

/** `word` is a known first name in some case; `lowerCase`: the word is in lower case in the text. */
export function isFirstName(word: string, lowerCase: boolean): boolean {
  const w = word.toLowerCase().replace(/ё/gu, 'е');
  const hit = ALL.has(w) || ALL.has(word.toLowerCase());
  if (!hit) return false;
  if (lowerCase && (AMBIGUOUS.has(w) || AMBIGUOUS.has(word.toLowerCase()))) return false;
  return true;
}
