/**
 * What the demonstration region is made of: categories of the nine standard blocks with their
 * seasonal weights and the citizens' own phrasing, channels with their shares and due times.
 *
 * Shares and seasons are modelled on the public reports of regional management centres (ЦУР) and
 * of the feedback platform (ПОС): ЖКХ is the largest block all year, heating dominates the cold
 * months, potholes and floods the spring, landscaping, parks and mosquitoes the summer, snow
 * removal the winter. They are plausible demo figures, not statistics.
 */
import type { StandardBlock } from '../../../shared/blocks.js';

/** Multipliers by local month (January first). */
export type SeasonProfile = readonly [number, number, number, number, number, number, number, number, number, number, number, number];

export const SEASONS = {
  flat: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
  /** heating season */
  cold: [2.2, 2.0, 1.6, 1.0, 0.4, 0.12, 0.08, 0.1, 0.6, 1.6, 2.0, 2.3],
  /** snow and ice */
  winter: [2.6, 2.4, 1.7, 0.5, 0.05, 0.02, 0.02, 0.02, 0.05, 0.4, 1.7, 2.5],
  /** snow melt: potholes, floods, leaking roofs */
  spring: [0.4, 0.5, 1.3, 2.5, 2.1, 1.0, 0.7, 0.7, 0.8, 0.8, 0.5, 0.4],
  /** landscaping, parks, mosquitoes, grass */
  summer: [0.15, 0.15, 0.3, 0.6, 1.5, 2.3, 2.5, 2.1, 1.0, 0.4, 0.2, 0.15],
  /** long dark evenings: street lighting */
  dark: [1.5, 1.2, 1.0, 0.7, 0.5, 0.4, 0.4, 0.6, 1.0, 1.4, 1.6, 1.6],
  /** school year */
  school: [1, 1.1, 1, 1, 0.8, 0.3, 0.2, 0.9, 1.8, 1.1, 1, 1],
  /** planned hot-water shutdowns for maintenance */
  maintenance: [0.6, 0.6, 0.7, 0.8, 1.4, 2.0, 2.0, 1.5, 0.9, 0.7, 0.6, 0.6],
} as const satisfies Record<string, SeasonProfile>;

export interface CategorySpec {
  id: string;
  block: StandardBlock;
  name: string;
  /** Relative share of all messages in an average month. */
  weight: number;
  season: SeasonProfile;
  /** Who answers: the municipality's administration or the regional ministry (share municipal). */
  municipalShare: number;
  /** The problem in the citizen's words; {addr} = street and house, {days} = a number of days. */
  phrases: readonly string[];
}

export const BLOCK_MINISTRY: Readonly<Record<StandardBlock, string>> = {
  housing: 'Министерство жилищно-коммунального хозяйства и энергетики',
  waste: 'Министерство природных ресурсов и экологии',
  energy: 'Министерство жилищно-коммунального хозяйства и энергетики',
  education: 'Министерство образования',
  health: 'Министерство здравоохранения',
  roads: 'Министерство транспорта и дорожного строительства',
  transport: 'Министерство транспорта и дорожного строительства',
  social: 'Министерство социального благополучия и семейной политики',
  urban: 'Министерство строительства и жилищной политики',
};

export const CATEGORIES: readonly CategorySpec[] = [
  // ЖКХ
  { id: 'housing.heating', block: 'housing', name: 'Отопление', weight: 7, season: SEASONS.cold, municipalShare: 0.8, phrases: [
    '{days}-й день нет отопления по адресу {addr}, в квартире +14, дети болеют',
    'батареи еле тёплые, дом {addr}, управляющая компания трубку не берёт',
    'в подъезде дома {addr} холодно, в квартирах не выше +16',
    'после ремонта теплотрассы у нас ({addr}) так и не дали тепло',
    'стояк отопления холодный уже {ndays}, {addr}' ] },
  { id: 'housing.water', block: 'housing', name: 'Водоснабжение', weight: 5, season: SEASONS.flat, municipalShare: 0.8, phrases: [
    'нет холодной воды по адресу {addr} с утра, никаких объявлений не было',
    'из крана идёт ржавая вода, {addr}, пить невозможно',
    'очень слабый напор воды на верхних этажах, {addr}',
    'прорвало трубу возле дома {addr}, вода течёт по улице' ] },
  { id: 'housing.hotwater', block: 'housing', name: 'Горячее водоснабжение', weight: 3, season: SEASONS.maintenance, municipalShare: 0.8, phrases: [
    'горячую воду отключили на {ndays} вместо обещанных трёх, {addr}',
    'горячая вода еле тёплая, {addr}, а платим полностью',
    'когда дадут горячую воду по адресу {addr}? Сроки все прошли' ] },
  { id: 'housing.repair', block: 'housing', name: 'Капремонт', weight: 3, season: SEASONS.summer, municipalShare: 0.5, phrases: [
    'капремонт крыши дома {addr} начали и бросили, подрядчика нет уже {ndays}',
    'после капремонта течёт кровля, {addr}',
    'дом {addr} в аварийном состоянии, капремонт переносят который год' ] },
  { id: 'housing.management', block: 'housing', name: 'Управляющие компании', weight: 4, season: SEASONS.flat, municipalShare: 0.9, phrases: [
    'управляющая компания не убирает подъезд дома {addr}, грязь и мусор',
    'в доме {addr} не работает лифт уже {ndays}',
    'УК выставила непонятные начисления за содержание, {addr}',
    'в подвале дома {addr} стоит вода, запах на весь подъезд' ] },
  { id: 'housing.roof', block: 'housing', name: 'Протечки кровли', weight: 2, season: SEASONS.spring, municipalShare: 0.9, phrases: [
    'с крыши дома {addr} течёт на пятый этаж, потолок мокрый',
    'сосульки и снег на крыше дома {addr}, опасно ходить' ] },
  // ТКО
  { id: 'waste.collection', block: 'waste', name: 'Вывоз мусора', weight: 5, season: SEASONS.summer.map((v) => 0.6 + 0.4 * v) as unknown as SeasonProfile, municipalShare: 0.4, phrases: [
    'мусор не вывозят уже {ndays}, контейнеры переполнены, {addr}',
    'площадка у дома {addr} завалена мусором, бегают крысы',
    'мусоровоз не приезжал всю неделю, {addr}' ] },
  { id: 'waste.sites', block: 'waste', name: 'Контейнерные площадки', weight: 2, season: SEASONS.flat, municipalShare: 0.7, phrases: [
    'нет контейнерной площадки рядом с домом {addr}, люди бросают мешки у дороги',
    'контейнеры у дома {addr} сломаны, без крышек' ] },
  { id: 'waste.bulky', block: 'waste', name: 'Крупногабаритные отходы', weight: 1, season: SEASONS.spring, municipalShare: 0.5, phrases: [
    'у дома {addr} уже {ndays} лежат старые диваны и шкафы, никто не вывозит',
    'строительный мусор на площадке у дома {addr}' ] },
  { id: 'waste.billing', block: 'waste', name: 'Начисления за ТКО', weight: 1, season: SEASONS.flat, municipalShare: 0.1, phrases: [
    'начисляют плату за вывоз мусора на умершего родственника, {addr}',
    'регоператор выставил счёт по нормативу, хотя в квартире никто не живёт' ] },
  // Энергетика
  { id: 'energy.outage', block: 'energy', name: 'Отключения электроэнергии', weight: 3, season: SEASONS.winter.map((v) => 0.7 + 0.3 * v) as unknown as SeasonProfile, municipalShare: 0.3, phrases: [
    'нет света по адресу {addr} уже несколько часов',
    'свет отключают каждый вечер, {addr}, холодильник сгорел',
    'на {street} третий раз за неделю отключили электричество' ] },
  { id: 'energy.voltage', block: 'energy', name: 'Перепады напряжения', weight: 1, season: SEASONS.flat, municipalShare: 0.2, phrases: [
    'постоянные скачки напряжения, {addr}, сгорела техника',
    'лампочки мигают весь вечер, напряжение 180 вольт, {addr}' ] },
  { id: 'energy.lighting', block: 'energy', name: 'Уличное освещение', weight: 2, season: SEASONS.dark, municipalShare: 0.9, phrases: [
    'не горят фонари на {street}, вечером идти страшно',
    'во дворе дома {addr} нет освещения, дети идут из школы в темноте' ] },
  { id: 'energy.gas', block: 'energy', name: 'Газоснабжение', weight: 1, season: SEASONS.cold, municipalShare: 0.3, phrases: [
    'когда подведут газ к дому {addr}? Заявку подавали год назад',
    'слабое давление газа, плита еле горит, {addr}' ] },
  // Образование
  { id: 'education.kindergarten', block: 'education', name: 'Детские сады', weight: 2, season: SEASONS.school, municipalShare: 0.8, phrases: [
    'ребёнку три года, а места в детском саду так и нет',
    'в детском саду на {street} холодно в группах',
    'очередь в детский сад не двигается уже полгода' ] },
  { id: 'education.school', block: 'education', name: 'Школы', weight: 2, season: SEASONS.school, municipalShare: 0.7, phrases: [
    'в школе на {street} течёт крыша, ведро стоит в коридоре',
    'в школе нет учителя математики с начала четверти',
    'в школе холодно, дети сидят в куртках' ] },
  { id: 'education.food', block: 'education', name: 'Школьное питание', weight: 1, season: SEASONS.school, municipalShare: 0.7, phrases: [
    'в школьной столовой дают холодную невкусную еду, дети не едят',
    'ребёнку не дают бесплатное питание, хотя мы многодетные' ] },
  { id: 'education.bus', block: 'education', name: 'Подвоз школьников', weight: 1, season: SEASONS.school, municipalShare: 0.8, phrases: [
    'школьный автобус не пришёл, дети стояли на морозе',
    'отменили подвоз детей в школу с {street}' ] },
  // Здравоохранение
  { id: 'health.appointment', block: 'health', name: 'Запись к врачу', weight: 4, season: SEASONS.flat, municipalShare: 0, phrases: [
    'невозможно записаться к терапевту, в регистратуру не дозвониться',
    'к неврологу запись только через {ndays}',
    'через Госуслуги нет талонов к педиатру уже неделю' ] },
  { id: 'health.drugs', block: 'health', name: 'Лекарственное обеспечение', weight: 2, season: SEASONS.flat, municipalShare: 0, phrases: [
    'льготный инсулин не выдают уже {ndays}, в аптеке говорят — нет поставки',
    'не могу получить льготные лекарства, рецепт выписан месяц назад' ] },
  { id: 'health.ambulance', block: 'health', name: 'Скорая помощь', weight: 1, season: SEASONS.flat, municipalShare: 0, phrases: [
    'скорую ждали больше двух часов к пожилому человеку, {addr}',
    'скорая отказалась приехать на вызов к ребёнку с температурой' ] },
  { id: 'health.clinic', block: 'health', name: 'Работа поликлиник', weight: 2, season: SEASONS.cold.map((v) => 0.7 + 0.3 * v) as unknown as SeasonProfile, municipalShare: 0, phrases: [
    'в поликлинике огромные очереди, принимает один врач на весь участок',
    'в поликлинике на {street} не работает лифт, пожилые не могут подняться',
    'врач не пришёл на вызов на дом' ] },
  // Дороги
  { id: 'roads.pits', block: 'roads', name: 'Ямы на дорогах', weight: 4, season: SEASONS.spring, municipalShare: 0.7, phrases: [
    'на {street} огромные ямы, пробил колесо',
    'дорога у дома {addr} разбита полностью, не проехать',
    'яма на проезжей части возле дома {addr}, уже две аварии' ] },
  { id: 'roads.snow', block: 'roads', name: 'Уборка снега', weight: 4, season: SEASONS.winter, municipalShare: 0.8, phrases: [
    'на {street} не чистят снег уже {ndays}, машины буксуют',
    'двор дома {addr} завален снегом, скорая не проедет',
    'грейдер сгрёб весь снег к подъезду дома {addr}' ] },
  { id: 'roads.ice', block: 'roads', name: 'Гололёд', weight: 2, season: SEASONS.winter, municipalShare: 0.8, phrases: [
    'на тротуарах по {street} сплошной лёд, ничем не посыпано',
    'у остановки на {street} гололёд, люди падают' ] },
  { id: 'roads.repair', block: 'roads', name: 'Ремонт дорог', weight: 2, season: SEASONS.summer, municipalShare: 0.6, phrases: [
    'ремонт дороги на {street} идёт {days}-ю неделю, объезда нет',
    'после ремонта асфальт на {street} уже разрушился' ] },
  { id: 'roads.crossings', block: 'roads', name: 'Пешеходные переходы', weight: 1, season: SEASONS.school, municipalShare: 0.7, phrases: [
    'нужен пешеходный переход у школы на {street}',
    'не работает светофор на перекрёстке на {street}' ] },
  // Транспорт
  { id: 'transport.schedule', block: 'transport', name: 'Расписание автобусов', weight: 3, season: SEASONS.flat, municipalShare: 0.4, phrases: [
    'автобус не ходит по расписанию, стоим на остановке по сорок минут',
    'последний автобус ушёл раньше расписания, люди остались на остановке',
    'сократили рейсы пригородного автобуса, не добраться до работы' ] },
  { id: 'transport.routes', block: 'transport', name: 'Маршруты', weight: 1, season: SEASONS.flat, municipalShare: 0.4, phrases: [
    'отменили маршрут до {street}, как добираться пожилым?',
    'просим вернуть остановку у дома {addr}' ] },
  { id: 'transport.fares', block: 'transport', name: 'Стоимость проезда', weight: 1, season: SEASONS.flat, municipalShare: 0.3, phrases: [
    'в автобусе не принимают карту, только наличные',
    'подняли цену проезда, а автобусы старые и холодные' ] },
  { id: 'transport.condition', block: 'transport', name: 'Состояние автобусов', weight: 1, season: SEASONS.cold.map((v) => 0.7 + 0.3 * v) as unknown as SeasonProfile, municipalShare: 0.3, phrases: [
    'в автобусах холодно, не работает печка',
    'водитель маршрутки курит и говорит по телефону за рулём' ] },
  // Социальная защита
  { id: 'social.benefits', block: 'social', name: 'Выплаты и пособия', weight: 3, season: SEASONS.flat, municipalShare: 0, phrases: [
    'не пришло пособие на ребёнка за прошлый месяц',
    'отказали в единовременной выплате, причину не объяснили',
    'заявление на выплату рассматривают уже {ndays}' ] },
  { id: 'social.disabled', block: 'social', name: 'Доступная среда', weight: 1, season: SEASONS.flat, municipalShare: 0.3, phrases: [
    'в доме {addr} нет пандуса, инвалид-колясочник не может выйти на улицу',
    'не выдали технические средства реабилитации, ждём полгода' ] },
  { id: 'social.elderly', block: 'social', name: 'Помощь пожилым', weight: 1, season: SEASONS.cold.map((v) => 0.8 + 0.2 * v) as unknown as SeasonProfile, municipalShare: 0.2, phrases: [
    'одинокой пенсионерке по адресу {addr} нужна помощь соцработника',
    'не доставили дрова пенсионеру, {addr}, обещали ещё осенью' ] },
  { id: 'social.families', block: 'social', name: 'Многодетные семьи', weight: 1, season: SEASONS.flat, municipalShare: 0.2, phrases: [
    'многодетной семье не выдают земельный участок уже третий год',
    'не оформляют удостоверение многодетной семьи, документы потеряли' ] },
  // Благоустройство
  { id: 'urban.yards', block: 'urban', name: 'Благоустройство дворов', weight: 3, season: SEASONS.summer, municipalShare: 1, phrases: [
    'во дворе дома {addr} разбит асфальт и нет лавочек',
    'двор дома {addr} после благоустройства хуже, чем был' ] },
  { id: 'urban.parks', block: 'urban', name: 'Парки и скверы', weight: 2, season: SEASONS.summer, municipalShare: 1, phrases: [
    'в сквере на {street} сломаны скамейки и не работают фонари',
    'в парке не убирают мусор, урны переполнены' ] },
  { id: 'urban.playgrounds', block: 'urban', name: 'Детские площадки', weight: 1, season: SEASONS.summer, municipalShare: 1, phrases: [
    'на детской площадке у дома {addr} сломанные качели, ребёнок поранился',
    'просим установить детскую площадку во дворе дома {addr}' ] },
  { id: 'urban.pests', block: 'urban', name: 'Комары и клещи', weight: 1, season: SEASONS.summer.map((v) => v * v * 0.6) as unknown as SeasonProfile, municipalShare: 1, phrases: [
    'в сквере на {street} полно клещей, когда будет обработка?',
    'подвал дома {addr} затоплен, комары тучами' ] },
  { id: 'urban.flooding', block: 'urban', name: 'Подтопления', weight: 1, season: SEASONS.spring.map((v) => v * v * 0.5) as unknown as SeasonProfile, municipalShare: 1, phrases: [
    'талая вода затопила двор дома {addr}, не пройти',
    'ливнёвка на {street} забита, вода стоит по колено' ] },
  { id: 'urban.animals', block: 'urban', name: 'Бездомные животные', weight: 1, season: SEASONS.flat, municipalShare: 1, phrases: [
    'стая бродячих собак у дома {addr}, нападают на детей',
    'у школы на {street} бегают бездомные собаки' ] },
];

export interface ChannelSpec {
  id: string;
  name: string;
  share: number;
  social: boolean;
  /** Prefix of message ids from this source. */
  idPrefix: string;
}

/**
 * Channel shares, calibrated on the public figures of the regions' ЦУР cited in issue 9 (see
 * docs/demo.md): Kamchatka (~290 thousand people) gets about 244 messages a week from social
 * networks plus the feedback platform, out of about 450 a week in all at Murmansk's per-capita rate
 * — so ПОС and the social networks together are about 52 % (incidents add a little more), the rest comes by phone (the hotline)
 * and as written or portal appeals.
 */
export const CHANNELS: readonly ChannelSpec[] = [
  { id: 'pos', name: 'Платформа обратной связи', share: 0.3, social: false, idPrefix: 'pos' },
  { id: 'vk', name: 'ВКонтакте', share: 0.13, social: true, idPrefix: 'im' },
  { id: 'portal', name: 'Региональный портал', share: 0.2, social: false, idPrefix: 'rp' },
  { id: 'ok', name: 'Одноклассники', share: 0.05, social: true, idPrefix: 'im' },
  { id: 'tg', name: 'Telegram', share: 0.04, social: true, idPrefix: 'im' },
  { id: 'hotline', name: 'Горячая линия', share: 0.27, social: false, idPrefix: 'hl' },
];

/**
 * Due times (the demo's assumptions, modelled on the rules in force; a real region sets its own):
 * - ПОС: a «сообщение» is answered within 10 working days; about a quarter of ПОС items are formal
 *   «обращения» under 59-ФЗ (ст. 12): 30 days.
 * - Social networks (Инцидент Менеджмент): 8 hours for the first substantive answer, the usual
 *   reaction norm of regional management centres.
 * - Regional portal: 10 working days. Hotline: 3 days.
 */
export const DUE = {
  posAppealShare: 0.25,
  posAppealDays: 30,
  posWorkingDays: 10,
  socialHours: 8,
  portalWorkingDays: 10,
  hotlineDays: 3,
} as const;

/** Local-hour weights of arrivals: night low, a late-morning peak and an evening peak. */
export const HOUR_WEIGHTS: readonly number[] = [
  0.18, 0.09, 0.05, 0.04, 0.05, 0.1, 0.3, 0.65, 1.05, 1.45, 1.65, 1.6, 1.4, 1.35, 1.3, 1.3, 1.25, 1.25, 1.35, 1.55, 1.65, 1.35, 0.85, 0.4,
];
/** Weekend volume relative to a working day. */
export const WEEKEND_FACTOR = 0.72;

/**
 * Regular messages per 1,000 residents per day at volumeScale 1. Calibrated on the public figures
 * cited in issue 9 (docs/demo.md): Murmansk region, ~660 thousand people, 800–1,250 messages a week
 * in all, i.e. 1.2–1.9 per 1,000 a week; the demo aims at the middle, about 1.55 per 1,000 a week
 * (0.205 a day of regular messages plus the mass incidents' share), the same rate for every region:
 * Kamchatka ≈ 450 a week, Murmansk ≈ 1,020, Buryatia ≈ 1,500, Volgograd ≈ 3,700, Perm ≈ 3,900.
 */
export const RATE_PER_1000_PER_DAY = 0.205;

/** The public band of messages per 1,000 residents a week (Murmansk: 800–1,250 for ~660 thousand). */
export const WEEKLY_PER_1000_BAND = { min: 800 / 660, max: 1250 / 660 } as const;

/** Genitive of each region, for ministry names. */
export const REGION_GENITIVE: Readonly<Record<string, string>> = {
  kamchatka: 'Камчатского края',
  perm: 'Пермского края',
  murmansk: 'Мурманской области',
  buryatia: 'Республики Бурятия',
  volgograd: 'Волгоградской области',
};

/** Streets: generic ones for every town, and well-known ones of each capital. */
export const STREETS_COMMON: readonly string[] = [
  'ул. Ленина', 'ул. Советская', 'ул. Мира', 'ул. Школьная', 'ул. Лесная', 'ул. Молодёжная', 'ул. Садовая',
  'ул. Центральная', 'ул. Набережная', 'ул. Гагарина', 'ул. Пушкина', 'ул. Комсомольская', 'ул. Октябрьская',
  'ул. Строителей', 'ул. Заречная', 'пер. Почтовый', 'ул. Победы', 'ул. Северная', 'ул. Новая',
];

export const STREETS_CAPITAL: Readonly<Record<string, readonly string[]>> = {
  kamchatka: ['ул. Ленинская', 'пр. 50 лет Октября', 'ул. Вулканная', 'ул. Тушканова', 'пр. Победы', 'ул. Академика Королёва', 'ул. Кроноцкая', 'ул. Владивостокская', 'ул. Океанская', 'ул. Звёздная'],
  perm: ['пр. Комсомольский', 'ул. Куйбышева', 'ул. Ленина', 'ул. Сибирская', 'ул. Пушкина', 'ул. Революции', 'шоссе Космонавтов', 'ул. Мира', 'ул. Екатерининская', 'ул. Попова'],
  murmansk: ['пр. Ленина', 'ул. Книповича', 'пр. Кольский', 'ул. Полярные Зори', 'ул. Карла Маркса', 'ул. Героев Североморцев', 'ул. Шмидта', 'ул. Софьи Перовской'],
  buryatia: ['ул. Ленина', 'ул. Балтахинова', 'ул. Смолина', 'ул. Бабушкина', 'пр. Строителей', 'ул. Жердева', 'ул. Ключевская', 'ул. Терешковой'],
  volgograd: ['пр. Ленина', 'ул. Землячки', 'ул. Рабоче-Крестьянская', 'пр. Университетский', 'ул. Краснознаменская', 'ул. Мира', 'ул. Ангарская', 'бульвар 30-летия Победы'],
};
