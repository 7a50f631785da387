/** Category of an application (Perpres 95/2018): national general, ministry-mandated, or the agency's own. */
export type AppCategory = 'umum' | 'khusus_wajib' | 'khusus';

/** Lifecycle states of a catalogued application. */
export type AppLifecycle = 'rencana' | 'aktif' | 'dalam_konsolidasi' | 'digabung' | 'dipensiunkan' | 'diganti_aplikasi_umum';

/** One application as the detector sees it: plain data, no database row. */
export interface AppInput {
  /** Stable key of the app in the catalogue (unique). */
  key: string;
  name: string;
  acronym?: string | null;
  description?: string | null;
  /** Owner agency. */
  opdId: string;
  /** Region code of the owner's government (`35` for a provincial agency, `35.07` for Kabupaten Malang). */
  regionCode?: string | null;
  category: AppCategory;
  lifecycle: AppLifecycle;
  /** Business-process reference codes (RAB.09.06, RAB.09.06.01, …). */
  rab: string[];
  /** Service reference codes (RAL.02.04, …). */
  ral: string[];
  /** Application reference codes (RAA.02.01, …); not used as a capability signal. */
  raa: string[];
}

export type GroupKind = 'same_capability' | 'aplikasi_umum_lookalike' | 'similar_name';

/**
 * Why a group was formed. `code` is stable (for a message key); `detail` carries the data
 * (codes, terms, the expansion of an acronym), not prose.
 */
export interface Reason {
  code: ReasonCode;
  detail: string;
  /** The apps the reason is about (two for a pair, one for a look-alike). */
  appKeys: string[];
}

export type ReasonCode =
  | 'shared_code'
  | 'matched_terms'
  | 'acronym_expansion'
  | 'affix'
  | 'translation'
  | 'typo'
  | 'similar_description'
  | 'general_app_field'
  | 'general_app_system'
  | 'general_app_keyword'
  | 'general_field_code'
  | 'general_app_in_portfolio';

/** One scored link inside a group: two app keys, or an app key and a general-field key. */
export interface GroupPair {
  a: string;
  b: string;
  score: number;
}

export interface CandidateGroup {
  /** Hash of the sorted member keys (apps, plus the general-field key for a look-alike group). */
  id: string;
  kind: GroupKind;
  appKeys: string[];
  /** 0..1: the mean score of the links that hold the group together. */
  score: number;
  reasons: Reason[];
  pairs: GroupPair[];
  /** For `aplikasi_umum_lookalike`: the Perpres 95/2018 field and the national systems in it. */
  generalField?: { code: string; name: string; systems: string[] };
}

/** A pair the SPBE team reviewed and dismissed: never suggest these two together again. */
export type Dismissal = readonly [string, string];

export type DetectionScope = 'government' | 'agency' | 'national';

export interface DetectOptions {
  /**
   * Which apps may overlap: `government` (default) compares apps of the same regional
   * government (same `regionCode`: all provincial agencies together, each regency/city on its
   * own); `agency` only apps of the same agency; `national` every app with every other.
   */
  scope?: DetectionScope;
  /** Minimum link score for two apps to be grouped (default 0.6). */
  threshold?: number;
  /**
   * How far a name contained in the other (e-Kinerja ⊂ e-Kinerja Pegawai) moves from the
   * Ruzicka similarity towards a full match (0..1, default 0.1).
   */
  containment?: number;
  /** Minimum score for an app to be reported as a general-application look-alike (default 0.7). */
  lookalikeThreshold?: number;
  /** Shallowest code depth that names a capability precisely enough on its own (default 3: RAB.09.06.01). */
  minCapabilityDepth?: number;
  /** A code held by more apps than this in one scope is too broad to link them by itself (default 12). */
  maxAppsPerCode?: number;
  /** Blocks larger than this are compared by a sorted window instead of all pairs (default 60). */
  maxBlockSize?: number;
  /** Window size for oversized blocks (default 8). */
  windowSize?: number;
  /** A connected component larger than this is split by raising its threshold (default 40). */
  maxGroupSize?: number;
  /** Names of places and agencies (e.g. "Malang", "Dinas Kesehatan", "Dinkes") to ignore in names. */
  qualifiers?: string[];
  /** Codes per general field (`kepegawaian` → ['RAB.09.06.01']); merged with the national defaults. */
  fieldCodes?: Record<string, string[]>;
  /** Pairs dismissed by the SPBE team; their links are removed before grouping. */
  dismissals?: readonly Dismissal[];
  /** Which detectors run (default all three). */
  kinds?: GroupKind[];
  /** Called at the start of each phase (for benchmarks: sample memory). */
  onPhase?: (phase: string) => void;
}

export interface DetectionStats {
  apps: number;
  considered: number;
  blocks: number;
  oversizedBlocks: number;
  comparisons: number;
  links: number;
  groups: Record<GroupKind, number>;
}

export interface DetectionResult {
  groups: CandidateGroup[];
  stats: DetectionStats;
}
