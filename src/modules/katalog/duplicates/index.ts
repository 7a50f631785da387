/**
 * Duplicate and overlap detection for the application portfolio (katalog): a pure engine over
 * plain arrays. See `detectDuplicates` for the method and `excludeDismissed` for reviews.
 */
export type {
  AppCategory,
  AppInput,
  AppLifecycle,
  CandidateGroup,
  DetectionResult,
  DetectionScope,
  DetectionStats,
  DetectOptions,
  Dismissal,
  GroupKind,
  GroupPair,
  Reason,
  ReasonCode,
} from './types.ts';
export { ACTIVE_LIFECYCLES, CONSIDERED_LIFECYCLES, DEFAULTS, detectDuplicates, similarity } from './detect.ts';
export { excludeDismissed } from './dismissals.ts';
export { dismissalsForGroup, groupId, pairKey, UnionFind } from './groups.ts';
export {
  DEFAULT_FIELD_CODES,
  GENERAL_APPS_FILE,
  generalFieldKey,
  loadGeneralAppReference,
  parseGeneralAppReference,
  type GeneralAppReference,
  type GeneralField,
  type GeneralSystem,
} from './general-apps.ts';
export { Analyzer, tokenize, type Term, type TextProfile, type Via } from './analyze.ts';
export { stemWord, type StemResult } from './stemmer.ts';
export { editDistance, TypoIndex } from './typos.ts';
export { LABELLED_EXAMPLES, LABELLED_HOLDOUT, evaluateLabelledExamples, type LabelledApp, type LabelledExample, type LabelledEvaluation } from './labelled-examples.ts';
