/** The Routing page. */
export default function RoutingPage() {
  return (
    <section>
      <h1>Routing</h1>
    </section>
  );
}
