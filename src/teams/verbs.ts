/**
 * Every Action.Execute verb, named `feature.action`, in one place: cards and handlers both use these
 * constants, so a button and its handler cannot drift apart.
 */
export const Verbs = {
  helpShow: 'help.show',
  caseNew: 'case.new',
  casesMine: 'cases.mine',
} as const;

export type Verb = (typeof Verbs)[keyof typeof Verbs];
