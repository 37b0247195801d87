<div class="hook">alpha shipping override</div>
