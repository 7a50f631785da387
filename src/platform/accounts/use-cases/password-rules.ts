import type { FieldError } from '../../http/errors.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../auth/passwords.ts';

// Passwords that pass the length rule but appear at the top of every breach list, plus local ones.
const COMMON = new Set([
  '1234567890', '12345678910', '123456789012', 'qwertyuiop', 'password123', 'password1234', 'passw0rd123',
  'iloveyou123', 'abcdefghij', 'qwerty12345', '1q2w3e4r5t', 'asdfghjkl1', 'indonesia123', 'indonesia1945',
  'jawatimur123', 'surabaya123', 'bismillah123', 'rahasia1234', 'katasandi123', 'admin12345', 'administrator',
  'padupadupadu', 'padu123456',
]);

/** Length and guessability checks for a new password (NIST 800-63B style: no composition rules). */
export function checkNewPassword(password: string | undefined, confirm: string | undefined, field = 'newPassword'): FieldError[] {
  const errors: FieldError[] = [];
  if (!password) errors.push({ field, messageKey: 'validation.required' });
  else if (password.length < PASSWORD_MIN_LENGTH) errors.push({ field, messageKey: 'validation.min_length', params: { limit: PASSWORD_MIN_LENGTH } });
  else if (password.length > PASSWORD_MAX_LENGTH) errors.push({ field, messageKey: 'validation.max_length', params: { limit: PASSWORD_MAX_LENGTH } });
  else if (COMMON.has(password.toLowerCase())) errors.push({ field, messageKey: 'password.too_common' });
  if (confirm !== undefined && password && confirm !== password) errors.push({ field: 'confirmPassword', messageKey: 'password.mismatch' });
  return errors;
}
