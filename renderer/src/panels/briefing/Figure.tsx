/** One big figure of the briefing: label, value (its unit smaller), and what it is compared with. */
export function Figure({
  label,
  value,
  unit,
  sub,
  field,
  bad,
  alarm,
  few,
}: {
  label: string;
  value: string;
  unit?: string;
  sub?: string;
  field: string;
  bad?: boolean;
  /** An alarm (overdue): the alarm colour and a warning sign, not colour alone. */
  alarm?: boolean;
  /** The share rests on few messages: greyed (its sample size is in `sub`). */
  few?: boolean;
}) {
  return (
    <div className="fig" data-field={field}>
      <div className="fig-label">{label}</div>
      <div className={`fig-value num ${alarm ? 'alarm' : bad ? 'bad' : ''} ${few ? 'few' : ''}`}>
        {alarm && <span className="alarm-sign" aria-hidden>⚠</span>}
        <span data-value>{value}</span>
        {unit && <span className="fig-unit">{unit}</span>}
      </div>
      {sub && <div className="fig-sub">{sub}</div>}
    </div>
  );
}
