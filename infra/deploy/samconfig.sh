#!/usr/bin/env bash
# samconfig.sh: write samconfig.toml for the first make deploy, from the values given as make
# variables, so that sam deploy asks nothing (docs/operations.md, "The first deploy"). Each of
# the template's parameters is one line below: its make variable and whether the first deploy
# requires it; "later" ones are for later deploys only (sam deploy --parameter-overrides), so that
# a variable of the same name in the shell (TABLE_NAME from var/local.env, say) never leaks in.
set -euo pipefail

params="
EmailFrom EMAIL_FROM required
AlarmEmail ALARM_EMAIL required
StaffEmails STAFF_EMAILS required
BackupCopyVaultArn BACKUP_COPY_VAULT_ARN required
MonthlyBudget MONTHLY_BUDGET optional
DomainName DOMAIN_NAME optional
CertificateArn CERTIFICATE_ARN optional
SiteUrl - later
CalendarFile - later
TableName - later
TableStreamLabel - later
"

stack=${STACK:-alsc-mentoring}
overrides="" missing=""
while read -r param var need; do
	[ -n "$param" ] && [ "$need" != later ] || continue
	value=${!var:-}
	if [ -z "$value" ]; then
		[ "$need" = required ] && missing="$missing $var"
		continue
	fi
	case $value in
	*\"* | *\\* | *" "*) echo "$var may hold no spaces, quotes or backslashes: $value" >&2; exit 2 ;;
	esac
	overrides="$overrides $param=\\\"$value\\\""
done <<<"$params"
if [ -n "$missing" ]; then
	echo "The first deploy needs:$missing. For example:" >&2
	echo "  make deploy EMAIL_FROM=mentoring@ala.org ALARM_EMAIL=liaison@ala.org STAFF_EMAILS=liaison@ala.org,chair@ala.org \\" >&2
	echo "    BACKUP_COPY_VAULT_ARN=arn:aws:backup:us-west-2:123456789012:backup-vault:alsc-mentoring-copy" >&2
	echo "(docs/operations.md, \"The first deploy\")" >&2
	exit 2
fi

cat >samconfig.toml <<TOML
# Written by make deploy (infra/deploy/samconfig.sh): sam deploy reads its answers here and asks
# nothing. No secrets; keep it with your copy of the repository. To change a parameter, edit it
# here (or pass --parameter-overrides once) and run make deploy.
version = 0.1

[default.deploy.parameters]
stack_name = "$stack"
region = "us-east-1"
resolve_s3 = true
s3_prefix = "$stack"
capabilities = "CAPABILITY_IAM"
confirm_changeset = false
fail_on_empty_changeset = false
parameter_overrides = "${overrides# }"
TOML
echo "wrote samconfig.toml for the stack $stack"
