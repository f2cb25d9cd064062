#!/usr/bin/env bash
# Seeds a running moto server with the AWS CLI, the way a user would: two
# functions and an alias, a cluster with a Fargate service and tasks, log
# events and metric data. Then `virga --endpoint-url $ENDPOINT` (and
# `virga get ... --endpoint-url $ENDPOINT`) should show them as created.
#
#   moto_server -H 127.0.0.1 -p 5123 &
#   providers/aws/testdata/seed-moto.sh http://127.0.0.1:5123
set -euo pipefail
ENDPOINT=${1:?usage: seed-moto.sh http://127.0.0.1:PORT}
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1
export AWS_EC2_METADATA_DISABLED=true AWS_PAGER=""
aws() { command aws --endpoint-url "$ENDPOINT" --output json "$@"; }

# moto runs Lambda without Docker when told so.
curl -sf -X POST "$ENDPOINT/moto-api/config" -H 'Content-Type: application/json' \
  -d '{"lambda":{"use_docker":false}}' >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'exports.handler = async (e) => ({ statusCode: 200, body: JSON.stringify(e) });\n' >"$work/index.js"
(cd "$work" && python3 -c 'import zipfile; z=zipfile.ZipFile("fn.zip","w"); z.write("index.js"); z.close()')

role=$(aws iam create-role --role-name virga-seed-role \
  --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}' \
  --query Role.Arn --output text)
for fn in orders-api billing-worker; do
  aws lambda create-function --function-name "$fn" --runtime nodejs20.x --handler index.handler \
    --role "$role" --zip-file "fileb://$work/fn.zip" --memory-size 512 --timeout 30 \
    --environment 'Variables={STAGE=prod,DB_PASSWORD=hunter2}' >/dev/null
done
aws lambda publish-version --function-name orders-api >/dev/null
aws lambda create-alias --function-name orders-api --name live --function-version 1 >/dev/null

aws ecs create-cluster --cluster-name seed-cluster >/dev/null
aws ecs register-task-definition --family seed-web --requires-compatibilities FARGATE \
  --network-mode awsvpc --cpu 256 --memory 512 \
  --container-definitions '[{"name":"web","image":"nginx:1.27","cpu":256,"memory":512,"essential":true,
    "portMappings":[{"containerPort":80,"hostPort":80,"protocol":"tcp"}],
    "healthCheck":{"command":["CMD-SHELL","curl -f http://localhost/ || exit 1"],"interval":30,"timeout":5,"retries":3},
    "logConfiguration":{"logDriver":"awslogs","options":{"awslogs-group":"/ecs/seed-web","awslogs-region":"us-east-1","awslogs-stream-prefix":"ecs"}}}]' >/dev/null
subnet=$(aws ec2 describe-subnets --query 'Subnets[0].SubnetId' --output text)
sg=$(aws ec2 describe-security-groups --query 'SecurityGroups[0].GroupId' --output text)
net="awsvpcConfiguration={subnets=[$subnet],securityGroups=[$sg],assignPublicIp=DISABLED}"
aws ecs create-service --cluster seed-cluster --service-name seed-web --task-definition seed-web \
  --desired-count 2 --launch-type FARGATE --network-configuration "$net" >/dev/null
aws ecs run-task --cluster seed-cluster --task-definition seed-web --count 2 --launch-type FARGATE \
  --started-by seed-web --group service:seed-web --network-configuration "$net" >/dev/null

aws logs create-log-group --log-group-name /aws/lambda/orders-api
aws logs create-log-stream --log-group-name /aws/lambda/orders-api --log-stream-name '2026/11/25/[$LATEST]seed'
now=$(($(date +%s) * 1000))
aws logs put-log-events --log-group-name /aws/lambda/orders-api --log-stream-name '2026/11/25/[$LATEST]seed' \
  --log-events "timestamp=$now,message=START RequestId: seed-1 Version: \$LATEST" \
               "timestamp=$now,message=REPORT RequestId: seed-1	Duration: 12.5 ms	Billed Duration: 13 ms	Memory Size: 512 MB	Max Memory Used: 61 MB" >/dev/null

aws cloudwatch put-metric-data --namespace AWS/Lambda \
  --metric-data "MetricName=Invocations,Dimensions=[{Name=FunctionName,Value=orders-api}],Value=42,Unit=Count" >/dev/null
echo "seeded $ENDPOINT: functions orders-api (alias live) and billing-worker, cluster seed-cluster with service seed-web and 2 tasks, logs, metrics"
