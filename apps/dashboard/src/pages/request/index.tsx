/** One request of the log: its body, answer, attempts and usage. */
import { useParams } from 'react-router';

export default function RequestPage() {
  const { id } = useParams();
  return (
    <section>
      <h1>Request {id}</h1>
    </section>
  );
}
