/** Risk assessment answers for tests: the calmest answer to every question, or the same with a threat (always high). */
import { defaultQuestionSet } from '../../src/domain/risk/defaultQuestionSet.js';
import { answerInputId } from '../../src/teams/risk/answersForm.js';

export function calmAnswers(): Record<string, string> {
  return Object.fromEntries(
    defaultQuestionSet.questions.map((q) => [answerInputId(q.id), [...q.answers].sort((a, b) => a.weight - b.weight)[0]!.id]),
  );
}

export function threatAnswers(): Record<string, string> {
  const answers = calmAnswers();
  const threat = defaultQuestionSet.questions.find((q) => q.answers.some((a) => a.automaticHigh))!;
  answers[answerInputId(threat.id)] = threat.answers.find((a) => a.automaticHigh)!.id;
  return answers;
}
