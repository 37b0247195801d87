<p class="hook">misnamed</p>
