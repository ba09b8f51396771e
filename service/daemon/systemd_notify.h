// systemd's readiness protocol (Type=notify) without libsystemd: one datagram to
// $NOTIFY_SOCKET. Does nothing when not started by systemd.
#pragma once

#include <string>

namespace kshrink::service::daemon {

/// Sends `state` ("READY=1", "STOPPING=1", "STATUS=...") to systemd; false if there is no
/// NOTIFY_SOCKET or the send failed.
bool notify_systemd(const std::string& state);

} // namespace kshrink::service::daemon
