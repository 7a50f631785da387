/**
 * Who a signed-in citizen is, for the gateway: their NIK. The gateway does not keep citizens'
 * profiles — the portal does (NIK encrypted, src/modules/portal) — so the module is given a
 * directory when it is composed (`createGerbangModule({ citizens })`). Without one, citizens'
 * pages say that their NIK is not known yet and nothing is fetched.
 */
export interface CitizenDirectory {
  /** The citizen's NIK (16 digits), or null when their profile has none. */
  nikOf(userId: string): Promise<string | null>;
}

export const noCitizenDirectory: CitizenDirectory = {
  nikOf: async () => null,
};
