/** The Live requests page. */
export default function LiverequestsPage() {
  return (
    <section>
      <h1>Live requests</h1>
    </section>
  );
}
