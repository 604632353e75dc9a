import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { systemDb } from "@/server/db/client";
import { logger } from "@/server/kernel/logger";
import { recordSessionEvent } from "@/server/modules/auth/sign-in-events.service";
import { authenticate } from "@/server/modules/auth/sign-in.service";
import { clientIp } from "./client-ip";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name: string };
  }
  interface User {
    sessionVersion: number;
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    sv?: number;
    /** Sign-in time (seconds): next-auth re-issues the token (new `iat`) as it is used; this stays. */
    sat?: number;
  }
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
        return { id: result.user.id, email: result.user.email, name: result.user.name, sessionVersion: result.user.sessionVersion };
      },
    }),
  ],
  events: {
    // The sign-out route has already cleared the cookie; a failure here must not keep anyone signed in.
    async signOut({ token }) {
      const userId = token?.uid;
      if (!userId) return;
      try {
        await systemDb().$transaction((tx) => recordSessionEvent(tx, userId, "auth.sign_out", {}, { asActor: true }));
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
