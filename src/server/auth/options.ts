import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { systemDb } from "@/server/db/client";
import { logger } from "@/server/kernel/logger";
import { recordSessionEvent } from "@/server/modules/auth/sign-in-events.service";
import { endSession, startSession } from "@/server/modules/auth/sessions.service";
import { authenticate } from "@/server/modules/auth/sign-in.service";
import { clientIp } from "./client-ip";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name: string };
  }
  interface User {
    sessionVersion: number;
    /** The auth.sessions row opened by this sign-in. */
    sessionId: string;
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    sv?: number;
    sid?: string;
    /** Sign-in time (seconds): next-auth re-issues the token (new `iat`) as it is used; this stays. */
    sat?: number;
  }
}

function headerValue(headers: Record<string, string | string[] | undefined> | undefined, name: string): string | null {
  const v = headers?.[name];
  return (Array.isArray(v) ? v[0] : v) ?? null;
}

export const SESSION_MAX_AGE = 30 * 24 * 60 * 60;

export const authOptions: NextAuthOptions = {
  secret: process.env.NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE },
  pages: { signIn: "/sign-in" },
  providers: [
    CredentialsProvider({
      id: "credentials",
      name: "E-mail and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const result = await authenticate(systemDb(), {
          email: credentials?.email,
          password: credentials?.password,
          ip: clientIp(req?.headers),
        });
        // next-auth passes a thrown message to the client as `error`; the form shows it as the lockout notice.
        if (!result.ok && result.reason === "locked") throw new Error("locked");
        if (!result.ok) return null;
        const sessionId = await startSession(systemDb(), {
          userId: result.user.id,
          userAgent: headerValue(req?.headers, "user-agent"),
          ip: clientIp(req?.headers),
        });
        return { id: result.user.id, email: result.user.email, name: result.user.name, sessionVersion: result.user.sessionVersion, sessionId };
      },
    }),
  ],
  events: {
    // The sign-out route has already cleared the cookie; a failure here must not keep anyone signed in.
    async signOut({ token }) {
      const userId = token?.uid;
      if (!userId) return;
      try {
        const sessionId = token.sid;
        await systemDb().$transaction(async (tx) => {
          if (sessionId) await endSession(tx, userId, sessionId);
          await recordSessionEvent(tx, userId, "auth.sign_out", {}, { asActor: true });
        });
      } catch (err) {
        logger.error({ err, userId }, "could not record the sign-out in the audit trail");
      }
    },
  },
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.sv = user.sessionVersion;
        token.sid = user.sessionId;
        token.sat = Math.floor(Date.now() / 1000);
      }
      return token;
    },
    session({ session, token }) {
      session.user = { id: token.uid ?? "", email: token.email ?? "", name: token.name ?? "" };
      return session;
    },
  },
};
