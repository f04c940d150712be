/** `audit check`: an admin verifies their team's audit chain and sees the first break, if any. */
import { describeChainReport, type ChainReport } from '../../domain/governance/auditChain.js';
import { card, facts, heading, note, text, warning, type Element } from '../cardKit.js';

export function auditCheckCard(report: ChainReport): Element {
  const verdict = describeChainReport(report);
  return card([
    heading('Audit trail check'),
    report.ok ? text(verdict, { color: 'Good', weight: 'Bolder' }) : warning(verdict),
    facts(report.ok ? [['Entries', String(report.entries)], ['Head', `#${report.headSeq}`], ['Head hash', report.headHash]] : [['Entries read', String(report.entries)]]),
    note('Compare the head hash with the last one posted to your managers: if an older posted head is not part of this chain, the trail was rewritten.'),
  ]);
}
