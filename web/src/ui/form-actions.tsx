/** A side-panel form's Save (busy while saving) and Cancel. */
export function FormActions({ saving, onCancel }: { saving: boolean; onCancel: () => void }) {
  return (
    <div className="actions">
      <button type="submit" className="primary" disabled={saving}>{saving ? 'Saving…' : 'Save'}</button>
      <button type="button" onClick={onCancel}>Cancel</button>
    </div>
  );
}
