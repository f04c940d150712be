/**
 * The new-case form as an officer fills it in the tests: Alice Smith, victim of Jay Bloggs's loud music in
 * Kingsford on Friday 20 November 2026. A test changes only what it is about.
 */
export function newCaseForm(changes: Record<string, string> = {}): Record<string, string> {
  return {
    area: 'kingsford',
    ward: 'kingsford-central',
    categories: 'noise',
    address: '9 Mill Lane, Kingsford',
    postcode: 'KF1 2AB',
    source: 'phone',
    victim1Name: 'Alice Smith',
    victim1Consent: 'true',
    perpetrator1Name: 'Jay Bloggs',
    perpetrator1Tenure: 'council',
    incidentDate: '2026-11-20',
    incidentTime: '22:30',
    incidentDescription: 'Loud music until 2am.',
    ...changes,
  };
}
