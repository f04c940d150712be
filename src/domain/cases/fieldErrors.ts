/** A problem with one input on a card, keyed by the card input's id, in plain English. */
export interface FieldError {
  field: string;
  message: string;
}

/** The id used for problems that belong to the whole form rather than one input. */
export const WHOLE_FORM = '_form';
