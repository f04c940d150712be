/**
 * `my cases` filters and order: status, category and area (each "any" by default), and the order (highest risk
 * first by default, then next deadline; or overdue first, or recently updated). The chosen values travel with
 * the paging buttons, so the same list is paged.
 */
import type { CaseListFilter } from '../../db/cases.js';
import type { Area } from '../../domain/cases/areas.js';
import { asbCategories, asbCategoryIds, type AsbCategory } from '../../domain/cases/categories.js';
import { formSchema } from '../../domain/cases/forms.js';
import { caseStatuses, statusLabels, type CaseStatus } from '../../domain/cases/status.js';
import { caseListOrders, defaultCaseListOrder, type CaseListOrder } from '../../domain/cases/caseOrder.js';
import { actionSet, choiceInput, execute, type Choice, type Element, type FormState } from '../cardKit.js';
import { CaseVerbs } from './verbs.js';

export const myCasesFields = { status: 'filterStatus', category: 'filterCategory', area: 'filterArea', order: 'order', page: 'page' } as const;
const f = myCasesFields;

const ANY = 'any';

export interface MyCasesQuery {
  status?: CaseStatus;
  category?: AsbCategory;
  area?: string;
  order: CaseListOrder;
  page: number;
}

export function myCasesQuerySchema(areas: readonly Area[]) {
  return formSchema((form): MyCasesQuery => {
    const status = form.choice(f.status, [ANY, ...caseStatuses], { invalid: 'Choose a status from the list' });
    const category = form.choice(f.category, [ANY, ...asbCategoryIds], { invalid: 'Choose a category from the list' });
    const area = form.choice(f.area, [ANY, ...areas.map((a) => a.id)], { invalid: 'Choose an area from the list' });
    const order = form.choice(f.order, caseListOrders, { invalid: 'Choose an order from the list' });
    const page = form.integer(f.page, { invalid: 'That page does not exist' });
    return {
      ...(status && status !== ANY ? { status: status as CaseStatus } : {}),
      ...(category && category !== ANY ? { category: category as AsbCategory } : {}),
      ...(area && area !== ANY ? { area } : {}),
      order: (order as CaseListOrder | undefined) ?? defaultCaseListOrder,
      page: page ?? 0,
    };
  });
}

/** The officer's own cases matching the query: open ones unless a status (closed included) is chosen. */
export function filterFor(query: MyCasesQuery, ownerId: string): CaseListFilter {
  return {
    ownerId,
    ...(query.status ? { statuses: [query.status] } : { activeOnly: true }),
    ...(query.category ? { category: query.category } : {}),
    ...(query.area ? { area: query.area } : {}),
  };
}

/** The query as card data (for the paging buttons) and as the values the filter inputs show. */
export function queryValues(query: MyCasesQuery): Record<string, string> {
  return { [f.status]: query.status ?? ANY, [f.category]: query.category ?? ANY, [f.area]: query.area ?? ANY, [f.order]: query.order };
}

export function myCasesTitle(query: MyCasesQuery): string {
  return query.status ? `My cases: ${statusLabels[query.status].toLowerCase()}` : 'My open cases';
}

const column = (items: Element[]): Element => ({ type: 'Column', width: 'stretch', items });

/** The filter inputs and the Apply button, shown above the list. */
export function myCasesFilters(form: FormState, areas: readonly Area[]): Element[] {
  const statuses: Choice[] = [{ title: 'Any open status', value: ANY }, ...caseStatuses.map((s) => ({ title: statusLabels[s], value: s }))];
  const categories: Choice[] = [{ title: 'Any category', value: ANY }, ...asbCategories.map((c) => ({ title: c.label, value: c.id }))];
  const areaChoices: Choice[] = [{ title: 'Any area', value: ANY }, ...areas.map((a) => ({ title: a.name, value: a.id }))];
  const orderChoices: Choice[] = [
    // Short enough for the half-width column they sit in (a longer title was cut off in the client).
    { title: 'Risk, then deadline', value: 'risk-first' },
    { title: 'Overdue first', value: 'overdue-first' },
    { title: 'Recently updated', value: 'updated' },
  ];
  return [
    { type: 'ColumnSet', columns: [column(choiceInput(form, f.status, statuses, { label: 'Status' })), column(choiceInput(form, f.category, categories, { label: 'Category' }))] },
    { type: 'ColumnSet', columns: [column(choiceInput(form, f.area, areaChoices, { label: 'Area' })), column(choiceInput(form, f.order, orderChoices, { label: 'Order' }))] },
    actionSet([execute('Apply', CaseVerbs.list, { [f.page]: '0' })]),
  ];
}
