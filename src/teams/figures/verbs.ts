/** The verbs of the figures feature. */
export const FiguresVerbs = {
  /** Shows the figures for the period and area chosen on the card. */
  show: 'figures.show',
} as const;
