/** The verbs of the figures feature. */
export const FiguresVerbs = {
  /** Shows the figures for the period and area chosen on the card. */
  show: 'figures.show',
  /** A return (NM01, prevention rate per quarter) as a card with its CSV; data { kind }. */
  return: 'figures.return',
} as const;
