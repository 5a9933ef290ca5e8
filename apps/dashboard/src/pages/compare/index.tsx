/** The Compare page. */
export default function ComparePage() {
  return (
    <section>
      <h1>Compare</h1>
    </section>
  );
}
