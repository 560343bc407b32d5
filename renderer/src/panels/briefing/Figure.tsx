/** One big figure of the briefing: label, value (its unit smaller), and what it is compared with. */
export function Figure({ label, value, unit, sub, field, bad }: { label: string; value: string; unit?: string; sub?: string; field: string; bad?: boolean }) {
  return (
    <div className="fig" data-field={field}>
      <div className="fig-label">{label}</div>
      <div className={`fig-value num ${bad ? 'bad' : ''}`}>
        <span data-value>{value}</span>
        {unit && <span className="fig-unit">{unit}</span>}
      </div>
      {sub && <div className="fig-sub">{sub}</div>}
    </div>
  );
}
