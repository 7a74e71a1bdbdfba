/** What the content rules find in one connection's cleartext (the other content features stay 0). */
export interface ContentResult {
  /**
   * The protocol's login step was seen, so its outcome decides logged_in. When false, logged_in
   * follows the rule for services without a login step (established TCP with originator data).
   */
  loginStep: boolean;
  logged_in: number;
  num_failed_logins: number;
  is_guest_login: number;
  hot: number;
  root_shell: number;
  su_attempted: number;
  num_file_creations: number;
}

export function emptyContentResult(): ContentResult {
  return {
    loginStep: false,
    logged_in: 0,
    num_failed_logins: 0,
    is_guest_login: 0,
    hot: 0,
    root_shell: 0,
    su_attempted: 0,
    num_file_creations: 0,
  };
}

/** Login names that make a successful login a guest login (anonymous FTP and its kin). */
export function isGuestName(name: string): boolean {
  const n = name.trim().toLowerCase();
  return n === 'anonymous' || n === 'ftp' || n === 'guest';
}
