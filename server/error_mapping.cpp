#include "server/error_mapping.h"

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>
#include <xapian.h>

#include "core/error.h"
#include "core/log.h"

namespace km::server {

std::string to_body(const nlohmann::json& body) {
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json error_body(int status, const std::string& code, const std::string& message) {
  return {{"error", {{"status", status}, {"code", code}, {"message", message}}}};
}

void send_error(httplib::Response& res, int status, const std::string& code, const std::string& message) {
  res.status = status;
  res.set_content(to_body(error_body(status, code, message)), "application/json");
}

void handle_exception(const httplib::Request& req, httplib::Response& res, std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const core::InvalidInput& e) {
    send_error(res, 400, e.code(), e.what());
  } catch (const core::Unauthorized& e) {
    send_error(res, 401, e.code(), e.what());
  } catch (const core::Forbidden& e) {
    send_error(res, 403, e.code(), e.what());
  } catch (const core::NotFound& e) {
    send_error(res, 404, e.code(), e.what());
  } catch (const core::Conflict& e) {
    send_error(res, 409, e.code(), e.what());
  } catch (const core::Unavailable& e) {
    send_error(res, 503, e.code(), e.what());
  } catch (const nlohmann::json::exception& e) {
    // Almost always a body of the wrong shape; logged, so that a server bug of the same kind
    // does not pass unseen as a client error.
    // The library's text stays in the log: it may quote the input.
    core::log::warn("json_error", {{"path", req.path}, {"what", e.what()}});
    send_error(res, 400, "invalid_json", "a field of the request body is missing or of the wrong type");
  } catch (const SQLite::Exception& e) {
    if (e.getErrorCode() == SQLITE_CONSTRAINT) {
      send_error(res, 409, "conflict", "the change conflicts with existing data");
    } else if (e.getErrorCode() == SQLITE_BUSY || e.getErrorCode() == SQLITE_LOCKED) {
      send_error(res, 503, "unavailable", "the store is busy, retry shortly");
    } else {
      core::log::error("sqlite_error", {{"path", req.path}, {"what", e.what()}});
      send_error(res, 500, "internal", "internal error");
    }
  } catch (const Xapian::QueryParserError& e) {
    send_error(res, 400, "bad_query", "cannot parse the query: " + e.get_msg());
  } catch (const Xapian::DocNotFoundError& e) {
    send_error(res, 404, "not_found", "no such document");
  } catch (const Xapian::DatabaseLockError& e) {
    send_error(res, 503, "unavailable", "the index is locked, retry shortly");
  } catch (const Xapian::DatabaseModifiedError& e) {
    // After every retry of IndexReaders (search/index_readers.h): worth a line in the log.
    core::log::warn("index_changed", {{"path", req.path}, {"what", e.get_description()}});
    send_error(res, 503, "unavailable", "the index changed during the request, retry");
  } catch (const Xapian::NetworkError& e) {
    // A remote shard went away during the request (its reader is dropped: the next request
    // names the shard if it is still down). Never a partial answer.
    core::log::warn("index_shard_unreachable", {{"path", req.path}, {"what", e.get_description()}});
    send_error(res, 503, "unavailable", "an index shard stopped answering during the request: " + e.get_msg());
  } catch (const Xapian::Error& e) {
    core::log::error("xapian_error", {{"path", req.path}, {"what", e.get_description()}});
    send_error(res, 500, "internal", "internal error");
  } catch (const std::exception& e) {
    core::log::error("unhandled_error", {{"path", req.path}, {"what", e.what()}});
    send_error(res, 500, "internal", "internal error");
  } catch (...) {
    core::log::error("unhandled_error", {{"path", req.path}, {"what", "unknown exception"}});
    send_error(res, 500, "internal", "internal error");
  }
}

}  // namespace km::server
