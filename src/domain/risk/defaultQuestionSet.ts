import defaultQuestionsJson from './default-questions.json' with { type: 'json' };
import { loadQuestionSet, type QuestionSet } from './questionSet.js';

/** The shipped question set, validated when this module loads (a broken file fails at start, not mid-assessment). */
export const defaultQuestionSet: QuestionSet = loadQuestionSet(defaultQuestionsJson);
