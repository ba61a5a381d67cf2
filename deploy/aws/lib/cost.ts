/**
 * A cost estimate read from the synthesized template: function memory sizes, the database
 * instance class, the number of alarms and the reconciler's schedule come from the template;
 * what a user does per upload, and the prices, are the assumptions below. docs/serverless.md
 * prints the result (`npm run cost`), and a test keeps the two equal.
 */

/** Public list prices, US East (N. Virginia), on-demand, without free tiers. USD. */
export const PRICES = {
  httpApiPerMillion: 1.0,
  lambdaArmPerGbSecond: 0.0000133334,
  lambdaPerMillionRequests: 0.2,
  s3PutPer1000: 0.005,
  s3GetPer1000: 0.0004,
  s3StandardPerGbMonth: 0.023,
  kmsPer10000Requests: 0.03,
  kmsKeyPerMonth: 1.0,
  cloudTrailDataEventsPer100000: 0.1,
  cloudWatchLogsIngestPerGb: 0.5,
  dataTransferOutPerGb: 0.09,
  rdsPerHour: { 't4g.micro': 0.016, 't4g.small': 0.032, 't4g.medium': 0.065 } as Record<string, number>,
  rdsGp3PerGbMonth: 0.115,
  rdsProxyPerVcpuHour: 0.015,
  rdsProxyMinVcpus: 2,
  secretPerMonth: 0.4,
  alarmPerMonth: 0.1,
} as const;

/**
 * One upload as the estimate counts it: a 3 MB photo sent with a signed PUT (SINGLE mode),
 * completed, processed into two variants, and looked at once.
 */
export const PER_UPLOAD = {
  apiCalls: { create: 1, complete: 1, getAsset: 1 },
  /** Billed milliseconds per handler call, warm (SnapStart restores are not billed for Java). */
  millis: { create: 120, complete: 250, getAsset: 80, process: 3000, ignoredVariantEvent: 80 },
  originalMb: 3,
  variantsMb: 0.3,
  variants: 2,
  /** The client's PUT and the variant PUTs; complete's HEAD and leading-bytes GET, processing's GET, one download. */
  s3Gets: 4,
  /** Requests after S3 Bucket Keys (one data key per bucket, reused): at most one per upload. */
  kmsRequests: 1,
  /** Object-level calls CloudTrail records: the PUTs, GETs and HEADs above. */
  dataEvents: 8,
  logKb: 10,
  downloadMb: 0.3,
} as const;

const HOURS_PER_MONTH = 730;

interface TemplateJson {
  Resources: Record<string, { Type: string; Properties: Record<string, any> }>;
}

export interface LineItem {
  readonly item: string;
  readonly usd: number;
}

export interface CostEstimate {
  readonly per1000Uploads: LineItem[];
  readonly monthlyFixed: LineItem[];
  readonly per1000UploadsTotal: number;
  readonly monthlyFixedTotal: number;
}

function memoryGb(template: TemplateJson, handler: string): number {
  const fn = Object.values(template.Resources).find(
    (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Handler === handler,
  );
  if (!fn) throw new Error(`no function with handler ${handler}`);
  return fn.Properties.MemorySize / 1024;
}

function ofType(template: TemplateJson, type: string) {
  return Object.values(template.Resources).filter((r) => r.Type === type);
}

export function estimate(template: TemplateJson, handlers: { uploadApi: string; objectCreated: string; reconciler: string }): CostEstimate {
  const u = PER_UPLOAD;
  const n = 1000;
  const apiGb = memoryGb(template, handlers.uploadApi);
  const processGb = memoryGb(template, handlers.objectCreated);
  const apiCalls = u.apiCalls.create + u.apiCalls.complete + u.apiCalls.getAsset;
  const apiGbSeconds =
    apiGb * (u.millis.create * u.apiCalls.create + u.millis.complete * u.apiCalls.complete + u.millis.getAsset * u.apiCalls.getAsset) / 1000;
  // S3 notifies the processing function of the variants it writes under the same prefix; it ignores them.
  const processGbSeconds = processGb * (u.millis.process + u.variants * u.millis.ignoredVariantEvent) / 1000;
  const invocations = apiCalls + 1 + u.variants;

  const per1000Uploads: LineItem[] = [
    { item: `API Gateway HTTP API: ${apiCalls} requests`, usd: (n * apiCalls * PRICES.httpApiPerMillion) / 1e6 },
    {
      item: `Lambda duration: API ${(apiGbSeconds).toFixed(2)} GB-s, processing ${processGbSeconds.toFixed(2)} GB-s (arm64)`,
      usd: n * (apiGbSeconds + processGbSeconds) * PRICES.lambdaArmPerGbSecond,
    },
    { item: `Lambda requests: ${invocations}`, usd: (n * invocations * PRICES.lambdaPerMillionRequests) / 1e6 },
    { item: `S3 PUT: ${1 + u.variants}`, usd: (n * (1 + u.variants) * PRICES.s3PutPer1000) / 1000 },
    { item: `S3 GET/HEAD: ${u.s3Gets}`, usd: (n * u.s3Gets * PRICES.s3GetPer1000) / 1000 },
    {
      item: `S3 storage, first month: ${u.originalMb + u.variantsMb} MB each`,
      usd: ((n * (u.originalMb + u.variantsMb)) / 1024) * PRICES.s3StandardPerGbMonth,
    },
    { item: `KMS requests: ${u.kmsRequests} (bucket key)`, usd: (n * u.kmsRequests * PRICES.kmsPer10000Requests) / 10000 },
    { item: `CloudTrail data events: ${u.dataEvents}`, usd: (n * u.dataEvents * PRICES.cloudTrailDataEventsPer100000) / 100000 },
    { item: `CloudWatch Logs: ${u.logKb} KB`, usd: ((n * u.logKb) / 1024 / 1024) * PRICES.cloudWatchLogsIngestPerGb },
    { item: `Data transfer out: ${u.downloadMb} MB`, usd: ((n * u.downloadMb) / 1024) * PRICES.dataTransferOutPerGb },
  ];

  const [db] = ofType(template, 'AWS::RDS::DBInstance');
  const dbClass = String(db.Properties.DBInstanceClass).replace(/^db\./, '');
  const dbHourly = PRICES.rdsPerHour[dbClass];
  if (dbHourly === undefined) throw new Error(`no price for db.${dbClass}`);
  const multiAz = db.Properties.MultiAZ === true ? 2 : 1;
  const alarms = ofType(template, 'AWS::CloudWatch::Alarm').length;
  const rule = ofType(template, 'AWS::Events::Rule')[0];
  const rateMinutes = Number(/rate\((\d+) minutes?\)/.exec(rule.Properties.ScheduleExpression)?.[1]);
  const reconcilerRuns = (HOURS_PER_MONTH * 60) / rateMinutes;
  const reconcilerGb = memoryGb(template, handlers.reconciler);

  const monthlyFixed: LineItem[] = [
    { item: `RDS PostgreSQL db.${dbClass}${multiAz === 2 ? ' Multi-AZ' : ', single AZ'}`, usd: dbHourly * multiAz * HOURS_PER_MONTH },
    {
      item: `RDS gp3 storage: ${db.Properties.AllocatedStorage} GB`,
      usd: Number(db.Properties.AllocatedStorage) * PRICES.rdsGp3PerGbMonth * multiAz,
    },
    {
      item: `RDS Proxy (billed for at least ${PRICES.rdsProxyMinVcpus} vCPUs)`,
      usd: PRICES.rdsProxyMinVcpus * PRICES.rdsProxyPerVcpuHour * HOURS_PER_MONTH,
    },
    { item: 'KMS customer key', usd: PRICES.kmsKeyPerMonth },
    { item: 'Secrets Manager: the database secret', usd: PRICES.secretPerMonth },
    { item: `CloudWatch alarms: ${alarms}`, usd: alarms * PRICES.alarmPerMonth },
    {
      item: `Reconciler: ${Math.round(reconcilerRuns)} runs of 1 s (every ${rateMinutes} min)`,
      usd:
        reconcilerRuns * reconcilerGb * PRICES.lambdaArmPerGbSecond +
        (reconcilerRuns * PRICES.lambdaPerMillionRequests) / 1e6,
    },
  ];

  const sum = (items: LineItem[]) => items.reduce((s, i) => s + i.usd, 0);
  return { per1000Uploads, monthlyFixed, per1000UploadsTotal: sum(per1000Uploads), monthlyFixedTotal: sum(monthlyFixed) };
}

/** The estimate as the Markdown tables docs/serverless.md shows. */
export function toMarkdown(e: CostEstimate): string {
  const usd = (v: number) => `$${v < 0.1 ? v.toFixed(4) : v.toFixed(2)}`;
  const table = (title: string, items: LineItem[], total: number) =>
    [`| ${title} | USD |`, '|---|---:|', ...items.map((i) => `| ${i.item} | ${usd(i.usd)} |`), `| **total** | **${usd(total)}** |`].join('\n');
  return [
    table('per 1,000 uploads (counts are per upload)', e.per1000Uploads, e.per1000UploadsTotal),
    '',
    table('per month, whatever the traffic', e.monthlyFixed, e.monthlyFixedTotal),
  ].join('\n');
}
