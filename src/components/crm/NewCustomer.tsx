"use client";

import { useRouter } from "next/navigation";

import { CreateCustomerForm } from "./CustomerForm";

/** The create page's body: on success, open the new customer (its contacts and addresses tabs come next). */
export function NewCustomer({ basePath }: { basePath: string }) {
  const router = useRouter();
  return <CreateCustomerForm onCreated={(c) => router.push(`${basePath}/${c.id}`)} />;
}
