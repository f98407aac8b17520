/** Names of the pilot's municipalities by code (DOMAIN.md); others show as "Kommune <code>". */
const PILOT_MUNICIPALITIES: Readonly<Record<string, string>> = {
  '851': 'Aalborg Kommune',
  '810': 'Brønderslev Kommune',
  '849': 'Jammerbugt Kommune',
  '840': 'Rebild Kommune',
  '787': 'Thisted Kommune',
};

export function municipalityName(code: string): string {
  return PILOT_MUNICIPALITIES[code] ?? `Kommune ${code}`;
}
