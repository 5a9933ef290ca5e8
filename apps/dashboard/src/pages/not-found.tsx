import { Link } from 'react-router';

/** A client route that does not exist. */
export default function NotFoundPage() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        There is no such page. <Link to="/">Go to the overview</Link>.
      </p>
    </section>
  );
}
