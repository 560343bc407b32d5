/**
 * Masking of personal data for the wall: the implementation lives in ./mask/ (one file per kind of
 * datum, ./mask/index.ts ties them together); this module keeps the import path of its callers.
 */
export {
  CUT_MARK,
  MASK_TOKENS,
  MAX_TEXT_CHARS,
  capText,
  findPersonalData,
  maskPersonalData,
  maskWhole,
  type PersonalDataKind,
  type PersonalDataSpan,
} from './mask/index.js';
