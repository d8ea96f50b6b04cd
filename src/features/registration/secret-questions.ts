/**
 * The questions a tenant picks from when registering. The answer is asked again only after an
 * emailed reset link has proved the mailbox, so these are a further step, never a way in alone.
 */
export const SECRET_QUESTIONS: readonly string[] = [
  'What was the name of your first pet?',
  'What was the name of your first school?',
  'What is the name of the street you grew up in?',
  'What was the make of your first car?',
  'What is the middle name of your oldest sibling?',
  'In which town or city did your parents meet?',
];

export function isSecretQuestion(value: string): boolean {
  return SECRET_QUESTIONS.includes(value);
}
