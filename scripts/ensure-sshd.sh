#!/usr/bin/env bash
# Makes OpenSSH's server (sshd) and ssh-keygen available for the SFTP transfer tests, installing Debian's
# openssh-server package when they are missing. The tests start their own sshd on a loopback port, with their own
# configuration, host key and user key, and stop it at the end. Sourced by scripts/test.sh.
if [ ! -x /usr/sbin/sshd ] || ! command -v ssh-keygen >/dev/null 2>&1; then
  echo "OpenSSH server (/usr/sbin/sshd) not found: installing the openssh-server package..." >&2
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssh-server >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssh-server >/dev/null
  fi
  [ -x /usr/sbin/sshd ] || { echo "error: /usr/sbin/sshd is still missing after installing openssh-server" >&2; exit 1; }
fi
