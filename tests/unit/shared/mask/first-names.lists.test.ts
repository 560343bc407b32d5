/**
 * shared/mask/first-names.ts, its lists name by name: every first name the detector knows, in lower
 * case (a chat, a dictated name) next to a surname, is masked with it on the wall — so a name
 * dropped from the list, or a line of the list lost, shows at once. The lists are written out here
 * (the test's own copy, never read from the code under test). The names that are also common words
 * («роман», «вера» …) count only when capitalised: first-names.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { maskPersonalData } from '../../../../shared/mask.js';

const MALE = (
  'александр алексей анатолий андрей антон аркадий арсений артём артем артур борис вадим валентин валерий ' +
  'василий виктор виталий владимир владислав вячеслав геннадий георгий григорий даниил данил денис дмитрий ' +
  'евгений егор иван игорь илья кирилл константин леонид максим матвей михаил назар никита николай олег ' +
  'руслан рустам рашид семён семен сергей станислав степан тимофей тимур филипп эдуард юрий ярослав богдан ' +
  'всеволод захар мирон савелий вениамин герман эльдар айдар баир жаргал альберт алик анвар ахмед ильдар ' +
  'ринат ренат фёдор федор кузьма савва яков эрдэм аюр бато цырен'
).split(' ');
const FEMALE = (
  'александра алёна алена алина алла анастасия ангелина анна антонина валентина валерия варвара вероника ' +
  'виктория галина дарья диана евгения екатерина елена елизавета жанна зинаида зоя инна ирина карина ' +
  'кристина ксения лариса лидия людмила маргарита марина мария наталья наталия нина оксана олеся ольга ' +
  'полина раиса светлана снежана софья софия таисия тамара татьяна ульяна эльвира юлия арина милана ' +
  'василиса эвелина регина эльмира гульнара альбина туяна сэсэг дарима'
).split(' ');

describe('every known first name, in lower case beside a surname, is masked with it', () => {
  it.each(MALE)('«%s кузнецов»', (name) => {
    expect(maskPersonalData(`звонил ${name} кузнецов вчера`)).toBe('звонил [ФИО] вчера');
  });
  it.each(FEMALE)('«%s кузнецова»', (name) => {
    expect(maskPersonalData(`звонила ${name} кузнецова вчера`)).toBe('звонила [ФИО] вчера');
  });
});

describe('forms that no name takes are not names', () => {
  it('«-ем» after a hard consonant («иванем») is no form of «Иван»', () => {
    expect(maskPersonalData('с иванем кузнецовым')).toBe('с иванем кузнецовым');
    expect(maskPersonalData('с иваном кузнецовым')).toBe('с [ФИО]');
  });
});
