/** What a page shows while its data loads or when loading failed. */
export function QueryState({ isLoading, error, what }: { isLoading: boolean; error: unknown; what: string }) {
  if (error) {
    return (
      <p role="alert" className="error-text">
        Could not load {what}: {(error as Error).message}
      </p>
    );
  }
  if (isLoading) return <p className="muted">Loading {what}…</p>;
  return null;
}
