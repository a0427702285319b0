#include "models/sim/isolated_run.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

#include "models/sim/interrupt.h"

namespace snsim {
namespace {

struct Child {
  size_t index = 0;
  pid_t pid = -1;
  int fd = -1;
  std::string text;  // what it sent so far
};

Child launch(const IsolatedJob& job, size_t index) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error(std::string("pipe failed: ") + std::strerror(errno));
  std::fflush(stdout);
  std::fflush(stderr);
  const pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
  if (pid == 0) {
    become_worker_process(parent);
    close(fds[0]);
    std::string text;
    int code = 0;
    try {
      text = job().dump();
    } catch (const std::exception& e) {
      text = nlohmann::json{{"__isolated_error__", e.what()}}.dump();
      code = 3;
    }
    size_t written = 0;
    while (written < text.size()) {
      ssize_t n = write(fds[1], text.data() + written, text.size() - written);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) _exit(4);
      written += static_cast<size_t>(n);
    }
    close(fds[1]);
    std::fflush(stdout);
    std::fflush(stderr);
    _exit(code);  // skip static destructors: the SystemC kernel of this child is not torn down
  }
  close(fds[1]);
  fcntl(fds[0], F_SETFL, O_NONBLOCK);  // drain() reads what is there and returns
  Child child;
  child.index = index;
  child.pid = pid;
  child.fd = fds[0];
  return child;
}

// After the child closed its end: reap it and make sense of what it sent.
IsolatedResult finish(Child& child) {
  close(child.fd);
  int status = 0;
  while (waitpid(child.pid, &status, 0) < 0 && errno == EINTR) {
  }
  IsolatedResult result;
  result.status = IsolatedResult::Status::kFailed;
  if (WIFSIGNALED(status)) {
    result.error = "simulation process died with signal " + std::to_string(WTERMSIG(status)) + " (" +
                   strsignal(WTERMSIG(status)) + ")";
    return result;
  }
  nlohmann::json parsed;
  try {
    parsed = nlohmann::json::parse(child.text);
  } catch (const nlohmann::json::exception&) {
    result.error = "simulation process exited with status " + std::to_string(WEXITSTATUS(status)) + " without a report";
    return result;
  }
  if (parsed.is_object() && parsed.contains("__isolated_error__")) {
    result.error = parsed["__isolated_error__"].get<std::string>();
    return result;
  }
  result.status = IsolatedResult::Status::kDone;
  result.report = std::move(parsed);
  return result;
}

// Reads what is available; false once the child has closed its end.
bool drain(Child& child) {
  char buffer[65536];
  for (;;) {
    const ssize_t n = read(child.fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    if (n <= 0) return false;
    child.text.append(buffer, static_cast<size_t>(n));
    if (static_cast<size_t>(n) < sizeof buffer) return true;
  }
}

}  // namespace

nlohmann::json run_isolated(const IsolatedJob& job) {
  IsolatedResult r = run_isolated_each({job}, 1).front();
  if (r.status != IsolatedResult::Status::kDone) throw std::runtime_error(r.error);
  return r.report;
}

std::vector<IsolatedResult> run_isolated_each(const std::vector<IsolatedJob>& jobs, unsigned parallel,
                                              const std::function<int()>& stop_signal) {
  if (parallel == 0) parallel = 1;
  std::vector<IsolatedResult> results(jobs.size());
  std::vector<Child> running;
  size_t next = 0;
  int forwarded = 0;
  while (next < jobs.size() || !running.empty()) {
    const int signal = stop_signal ? stop_signal() : 0;
    if (signal && !forwarded) {
      forwarded = signal;
      for (const Child& c : running) kill(c.pid, signal);
      for (size_t i = next; i < jobs.size(); ++i) results[i].error = "not run: the sweep was stopped by " + signal_name(signal);
      next = jobs.size();
    }
    while (next < jobs.size() && running.size() < parallel) {
      running.push_back(launch(jobs[next], next));
      ++next;
    }
    if (running.empty()) break;
    std::vector<pollfd> fds;
    for (const Child& c : running) fds.push_back({c.fd, POLLIN, 0});
    // A timeout, so a stop signal that arrives just before poll() is still seen promptly.
    const int ready = poll(fds.data(), fds.size(), stop_signal ? 200 : -1);
    if (ready < 0 && errno != EINTR) throw std::runtime_error(std::string("poll failed: ") + std::strerror(errno));
    if (ready <= 0) continue;
    for (size_t i = fds.size(); i-- > 0;) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      if (drain(running[i])) continue;
      results[running[i].index] = finish(running[i]);
      running.erase(running.begin() + static_cast<std::ptrdiff_t>(i));
    }
  }
  return results;
}

std::vector<nlohmann::json> run_isolated_all(const std::vector<IsolatedJob>& jobs, unsigned parallel) {
  std::vector<nlohmann::json> reports;
  for (IsolatedResult& r : run_isolated_each(jobs, parallel)) {
    if (r.status != IsolatedResult::Status::kDone) throw std::runtime_error(r.error);
    reports.push_back(std::move(r.report));
  }
  return reports;
}

}  // namespace snsim
