import { signOut } from "next-auth/react";

/**
 * Ends the session, then reloads on the sign-in page. The full page load (rather than a client
 * navigation) drops every cached query of the signed-out user; `redirect: false` keeps the browser
 * on the host it is using instead of the one in NEXTAUTH_URL.
 */
export async function signOutAndLeave(): Promise<void> {
  await signOut({ redirect: false });
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full load is the point (see above)
  window.location.assign("/sign-in");
}
