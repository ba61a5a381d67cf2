import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { DATABASE_NAME, DATABASE_USER } from './settings';

export interface DatabaseProps {
  readonly natGateways: number;
  readonly instanceType: string;
  readonly multiAz: boolean;
}

/**
 * The metadata store: PostgreSQL (the server's Flyway migrations) in private subnets, reached
 * only through RDS Proxy, which pools the connections of many short-lived functions. Clients
 * authenticate to the proxy with IAM tokens and TLS; only the proxy holds the database secret.
 */
export class Database extends Construct {
  readonly vpc: ec2.Vpc;
  /** The functions' security group: the only one the proxy accepts connections from. */
  readonly functionSecurityGroup: ec2.SecurityGroup;
  readonly instance: rds.DatabaseInstance;
  readonly proxy: rds.DatabaseProxy;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);

    const isolated = props.natGateways === 0;
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: props.natGateways,
      subnetConfiguration: isolated
        ? [{ name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 22 }]
        : [
            { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
            { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
          ],
    });
    // The functions reach S3 without a NAT gateway (the endpoint is free; a NAT is not).
    this.vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });

    this.functionSecurityGroup = new ec2.SecurityGroup(this, 'Functions', {
      vpc: this.vpc,
      description: 'Assetgate Lambda functions',
    });

    this.instance = new rds.DatabaseInstance(this, 'Postgres', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 }),
      instanceType: new ec2.InstanceType(props.instanceType),
      vpc: this.vpc,
      vpcSubnets: { subnetGroupName: 'private' },
      databaseName: DATABASE_NAME,
      credentials: rds.Credentials.fromGeneratedSecret(DATABASE_USER),
      multiAz: props.multiAz,
      allocatedStorage: 20,
      maxAllocatedStorage: 200,
      storageType: rds.StorageType.GP3,
      storageEncrypted: true,
      publiclyAccessible: false,
      backupRetention: Duration.days(7),
      deletionProtection: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
    });

    this.proxy = new rds.DatabaseProxy(this, 'Proxy', {
      proxyTarget: rds.ProxyTarget.fromInstance(this.instance),
      secrets: [this.instance.secret!],
      vpc: this.vpc,
      vpcSubnets: { subnetGroupName: 'private' },
      iamAuth: true,
      requireTLS: true,
      // Lambda scales out fast; leave headroom for migrations and an operator's psql.
      maxConnectionsPercent: 90,
      idleClientTimeout: Duration.minutes(15),
    });
    this.proxy.connections.allowFrom(this.functionSecurityGroup, ec2.Port.tcp(5432), 'Assetgate functions');
    this.instance.connections.allowDefaultPortFrom(this.proxy, 'RDS Proxy');
  }

  /** The JDBC URL the handlers use: the proxy, with TLS required. */
  get jdbcUrl(): string {
    return `jdbc:postgresql://${this.proxy.endpoint}:5432/${DATABASE_NAME}?sslmode=require`;
  }
}
