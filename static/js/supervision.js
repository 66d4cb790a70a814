// Check-in pages: fill the location when the browser allows it; reload the mentor's code when it rotates.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-geolocate]");
  if (form) {
    var status = form.querySelector("[data-geo-status]");
    var lat = form.querySelector("input[name=lat]");
    var lng = form.querySelector("input[name=lng]");
    if (navigator.geolocation) {
      navigator.geolocation.getCurrentPosition(function (pos) {
        lat.value = pos.coords.latitude.toFixed(6);
        lng.value = pos.coords.longitude.toFixed(6);
        if (status) status.textContent = status.getAttribute("data-ok") || "✓";
      }, function () {
        if (status) status.textContent = status.getAttribute("data-denied") || "—";
      }, {enableHighAccuracy: true, timeout: 10000, maximumAge: 60000});
    } else if (status) {
      status.textContent = status.getAttribute("data-denied") || "—";
    }
  }
  var countdown = document.querySelector("[data-countdown]");
  if (countdown) {
    var left = parseInt(countdown.getAttribute("data-countdown"), 10) || 30;
    var tick = function () {
      left -= 1;
      if (left <= 0) { window.location.reload(); return; }
      countdown.textContent = left;
      setTimeout(tick, 1000);
    };
    setTimeout(tick, 1000);
  }
});
