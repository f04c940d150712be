/** The Case Review agenda, with its Start button, goes to the channel of the target group holding the meeting. */
import type { StoredMeeting } from '../../db/meetings.js';
import type { StoredTargetGroup } from '../../db/targetGroups.js';
import type { Outbox } from '../../reminders/ports.js';
import { agendaCard } from '../meetings/meetingCards.js';

export function postCaseReviewAgenda(outbox: Outbox): (stored: StoredMeeting, group: StoredTargetGroup) => Promise<void> {
  return (stored, group) =>
    outbox.enqueue({ key: `case-review-agenda:${stored.meeting.id}`, to: { kind: 'conversation', conversationId: group.channel.conversationId }, card: agendaCard(stored.meeting, group) });
}
