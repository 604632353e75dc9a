// Outgoing e-mail check for administrators: one test message to the signed-in user through the real path (template,
// mail.send job, worker, transport), so a wrong SMTP_URL shows up before invitations silently fail.
import type { Tx } from "@/server/db/scope";
import { notFound } from "@/server/kernel/errors";
import { sendMail } from "@/server/kernel/mail";
import type { OrgScope } from "@/server/kernel/scope";

export async function sendTestMail(tx: Tx, scope: OrgScope): Promise<{ to: string }> {
  const [user, organization] = await Promise.all([
    tx.user.findUnique({ where: { id: scope.userId }, select: { email: true, name: true } }),
    tx.organization.findUnique({ where: { id: scope.orgId }, select: { name: true } }),
  ]);
  if (!user || !organization) throw notFound();
  await sendMail("test", user.email, { name: user.name, sentBy: `the settings of ${organization.name}` });
  return { to: user.email };
}
