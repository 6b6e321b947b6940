export function ErrorBanner({ message, onClose }: { message: string | null | undefined; onClose?: () => void }) {
  if (!message) return null;
  return (
    <div className="banner error" role="alert">
      <span>{message}</span>
      {onClose && <button type="button" className="ghost" aria-label="Dismiss message" onClick={onClose}>×</button>}
    </div>
  );
}
