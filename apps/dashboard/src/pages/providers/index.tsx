/** The Providers page. */
export default function ProvidersPage() {
  return (
    <section>
      <h1>Providers</h1>
    </section>
  );
}
