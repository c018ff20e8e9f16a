import type { TranslationKey, TranslationParams } from './translation.service';

/**
 * The API's field messages (`errors[].message`) are English, like every problem `detail`. The Vietnamese UI
 * shows a message already in Vietnamese as it is, its own text for the messages it knows, else the problem's
 * (Vietnamese) title when the problem is specific, and a plain "invalid value" otherwise — never English.
 */
const KNOWN: [RegExp, TranslationKey, ((m: RegExpExecArray) => TranslationParams)?][] = [
  [/at least (\d+) characters|>=\s*(\d+) characters?/i, 'workflow.fieldMessages.minChars', (m) => ({ n: m[1] ?? m[2] })],
  [/<=\s*(\d+) characters?/i, 'workflow.fieldMessages.maxChars', (m) => ({ n: m[1] })],
  [/received undefined|^required$|nothing to change/i, 'workflow.fieldMessages.required'],
  [/e-?mail/i, 'workflow.fieldMessages.email'],
  [/digits, spaces, dots/i, 'workflow.fieldMessages.phone'],
  [/letters, digits, dot, underscore/i, 'workflow.fieldMessages.username'],
  [/upper-case letters/i, 'workflow.fieldMessages.abbrev'],
  [/unit does not belong/i, 'workflow.fieldMessages.unitOutside'],
  [/already (taken|used)/i, 'workflow.fieldMessages.taken'],
  [/in the future/i, 'workflow.fieldMessages.future'],
  [/in the past/i, 'workflow.fieldMessages.past'],
  [/not a PDF/i, 'workflow.fieldMessages.notPdf'],
  [/(in|of) (your|the) organisation|outside the organisation|not a colleague/i, 'workflow.fieldMessages.outsideOrganisation'],
  [/before the issue date/i, 'workflow.fieldMessages.beforeIssue'],
  [/invalid option|expected one of/i, 'workflow.fieldMessages.option'],
  [/date/i, 'workflow.fieldMessages.date'],
  [/wrong password/i, 'workflow.fieldMessages.wrongPassword'],
  [/same as the current/i, 'workflow.fieldMessages.samePassword'],
];

const VIETNAMESE = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;

export function fieldMessage(
  message: string,
  lang: 'vi' | 'en',
  t: (key: TranslationKey, params?: TranslationParams) => string,
  problem?: { code?: string; title?: string } | null,
): string {
  // Already Vietnamese (a quoted name such as a step's label does not count).
  if (lang === 'en' || VIETNAMESE.test(message.replace(/"[^"]*"/g, ''))) return message;
  for (const [re, key, params] of KNOWN) {
    const m = re.exec(message);
    if (m) return t(key, params?.(m));
  }
  return problem?.title && problem.code && problem.code !== 'validation' ? problem.title : t('workflow.fieldMessages.invalid');
}
