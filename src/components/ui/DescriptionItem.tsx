/** One label/value pair of a `<dl>`; an empty value shows `notSet` ("Not set") muted. */
export function DescriptionItem({ label, value, notSet }: { label: string; value: string | null | undefined; notSet: string }) {
  return (
    <>
      <dt className="text-muted-foreground">{label}</dt>
      <dd className="min-w-0 break-words">{value ? value : <span className="text-muted-foreground">{notSet}</span>}</dd>
    </>
  );
}
