/** The History page. */
export default function HistoryPage() {
  return (
    <section>
      <h1>History</h1>
    </section>
  );
}
