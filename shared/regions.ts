/** The five bundled demonstration regions. Geometry lives in assets/geo/<id>.geojson. */
export const REGION_IDS = ['kamchatka', 'perm', 'murmansk', 'buryatia', 'volgograd'] as const;
export type RegionId = (typeof REGION_IDS)[number];
export const DEFAULT_REGION: RegionId = 'kamchatka';

export interface RegionInfo {
  id: RegionId;
  /** Code of the subject of the Russian Federation (first two digits of OKTMO). */
  code: string;
  name: string;
  /** IANA time zone: day boundaries and every time shown on the wall use it. */
  timezone: string;
  /** Administrative centre (used to centre the map and as the "capital" of the demo region). */
  capitalOktmo: string;
}

export const REGIONS: Readonly<Record<RegionId, RegionInfo>> = {
  kamchatka: { id: 'kamchatka', code: '30', name: 'Камчатский край', timezone: 'Asia/Kamchatka', capitalOktmo: '30701000' },
  perm: { id: 'perm', code: '57', name: 'Пермский край', timezone: 'Asia/Yekaterinburg', capitalOktmo: '57701000' },
  murmansk: { id: 'murmansk', code: '47', name: 'Мурманская область', timezone: 'Europe/Moscow', capitalOktmo: '47701000' },
  buryatia: { id: 'buryatia', code: '81', name: 'Республика Бурятия', timezone: 'Asia/Irkutsk', capitalOktmo: '81701000' },
  volgograd: { id: 'volgograd', code: '18', name: 'Волгоградская область', timezone: 'Europe/Volgograd', capitalOktmo: '18701000' },
};

export function isRegionId(s: string): s is RegionId {
  return (REGION_IDS as readonly string[]).includes(s);
}

export const OSM_ATTRIBUTION = '© участники OpenStreetMap (OpenStreetMap contributors), ODbL 1.0';
export const POPULATION_ATTRIBUTION =
  'Источник: Росстат, БД ПМО (оценка численности населения на 01.01.2023); обработка: «Если быть точным» (tochno.st), CC BY 4.0';
