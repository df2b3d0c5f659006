import type zh from './zh';

export default {
  'nav.desk': 'Desk',
  'login.title': 'Sign in',
  'login.intro': 'One sign-in for residents, grid workers and staff.',
  'login.username': 'User name',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.failed': 'Wrong user name or password',
  'login.noAccount': 'Residents can report and track without an account.',
  'password.forced': 'Your password was reset by an administrator. Set a new one before you continue.',
  'password.rules':
    'At least 10 characters, and not a common password (such as 1234567890 or password123). Your sessions on other devices end.',
  'password.current': 'Current (or temporary) password',
  'password.new': 'New password',
  'password.hint': 'At least 10 characters',
  'password.again': 'New password again',
  'password.mismatch': 'The two new passwords differ',
  'password.submit': 'Save the new password',
  'password.done': 'Password changed. Your sessions on other devices have ended.',
  'password.continue': 'Continue',
} satisfies Record<keyof typeof zh, string>;
