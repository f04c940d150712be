/** Reading the Case Review forms: each bad input becomes a message keyed by its own input id. */
import type { LocalDate } from '../../domain/calendar/localDate.js';
import { applicationChannels, type ApplicationChannel, type Recommendation } from '../../domain/caseReview/application.js';
import { formSchema, type FormReader } from '../../domain/cases/forms.js';
import { formatIsoDate } from '../../domain/cases/londonTime.js';
import type { ApplicationRequest } from '../../services/caseReview.js';

export const caseReviewFields = {
  caseId: 'caseId',
  applicationId: 'applicationId',
  victimId: 'victimId',
  applicantName: 'applicantName',
  appliedOn: 'appliedOn',
  channel: 'applicationChannel',
  thirdPartyName: 'thirdPartyName',
  singlePointOfContact: 'singlePointOfContact',
  met: 'thresholdMet',
  reasons: 'decisionReasons',
  meetingOn: 'reviewMeetingOn',
  meetingGroupId: 'reviewGroupId',
  victimViews: 'victimViews',
  consulted: 'actionPlanConsulted',
  recommendations: 'recommendations',
  outcomeSentOn: 'outcomeSentOn',
  reviewerId: 'appealReviewerId',
  grounds: 'appealGrounds',
  appealReceivedOn: 'appealReceivedOn',
  /** On the application card: a new application on its case, beside the one recorded. */
  another: 'anotherApplication',
} as const;
const f = caseReviewFields;

function localDate(form: FormReader, field: string, required?: string): LocalDate | undefined {
  const date = form.date(field, { required });
  return date ? formatIsoDate(date.year, date.month, date.day) : undefined;
}

export function applicationFormSchema(context: { victimIds?: readonly string[] }) {
  return formSchema((form) => {
    const applicationId = form.text(f.applicationId, { required: 'This form is incomplete. Open it again.', max: 100 });
    const victimId = context.victimIds ? form.choice(f.victimId, context.victimIds, { required: 'Choose the victim the application is for', invalid: 'Choose one of the victims listed' }) : undefined;
    const applicantName = context.victimIds ? undefined : form.text(f.applicantName, { required: "Enter the applicant's name", max: 120 });
    const appliedOn = localDate(form, f.appliedOn, 'Enter the date of application');
    const channel = form.choice<ApplicationChannel>(f.channel, applicationChannels.map((c) => c.id), { required: 'Say how they applied', invalid: 'Choose one of the ways listed' });
    const thirdPartyName = form.text(f.thirdPartyName, { max: 120 });
    const singlePointOfContact = form.text(f.singlePointOfContact, { max: 200 });
    const request: ApplicationRequest = {
      applicationId: applicationId!, appliedOn: appliedOn!, channel: channel!,
      ...(victimId ? { victimId } : {}), ...(applicantName ? { applicantName } : {}),
      ...(thirdPartyName ? { thirdPartyName } : {}), ...(singlePointOfContact ? { singlePointOfContact } : {}),
    };
    return request;
  });
}

export const decisionFormSchema = formSchema((form) => {
  const met = form.choice(f.met, ['met', 'not-met'] as const, { required: 'Say whether the threshold is met', invalid: 'Choose met or not met' });
  const reasons = form.text(f.reasons, { required: 'Give the reasons for the decision', max: 2000 });
  return { met: met === 'met', reasons: reasons! };
});

export const meetingFormSchema = formSchema((form) => ({ on: localDate(form, f.meetingOn, 'Enter the date of the review meeting')! }));

/** The review meeting in one of the team's target groups (the meeting engine). */
export function groupMeetingFormSchema(groupIds: readonly string[]) {
  return formSchema((form) => ({
    groupId: form.choice(f.meetingGroupId, groupIds, { required: 'Choose the target group that holds the meeting', invalid: 'Choose one of the groups listed' })!,
    on: localDate(form, f.meetingOn, 'Enter the date of the review meeting')!,
  }));
}

export const outcomeSentFormSchema = formSchema((form) => ({ on: localDate(form, f.outcomeSentOn, 'Enter the date the outcome was sent')! }));

export const victimViewsFormSchema = formSchema((form) => ({
  views: form.text(f.victimViews, { required: "Record the victim's views", max: 2000 })!,
  consulted: form.flag(f.consulted),
}));

/** One recommendation a line: "what | owner | YYYY-MM-DD"; numbered by line, so a resubmit keys the same reminders. */
export const outcomeFormSchema = formSchema((form) => {
    const raw = form.text(f.recommendations, { required: 'Give at least one recommendation: what | owner | due date', max: 4000 }) ?? '';
    const recommendations: Recommendation[] = [];
    for (const line of raw.split('\n').map((l) => l.trim()).filter(Boolean)) {
      const [text, owner, due] = line.split('|').map((part) => part.trim());
      if (!text || !owner || !due || !/^\d{4}-\d{2}-\d{2}$/.test(due)) {
        form.fail(f.recommendations, `Write each recommendation as: what | owner | YYYY-MM-DD ("${line.slice(0, 60)}" is not)`);
        break;
      }
      recommendations.push({ id: `r${recommendations.length + 1}`, text, owner, dueDate: due });
    }
    const sentOn = localDate(form, f.outcomeSentOn);
    return { recommendations, ...(sentOn ? { sentOn } : {}) };
});

export function appealFormSchema(reviewerIds: readonly string[]) {
  return formSchema((form) => ({
    reviewerId: form.choice(f.reviewerId, reviewerIds, { required: 'Choose who reviews the appeal', invalid: 'Choose one of the people listed' })!,
    grounds: form.text(f.grounds, { required: 'Say why the applicant disagrees', max: 2000 })!,
    receivedOn: localDate(form, f.appealReceivedOn, 'Enter the date the appeal was received')!,
  }));
}
